using System.Text.Json.Nodes;
using Platform.Sandbox.Tests.Infrastructure;

namespace Platform.Sandbox.Tests;

/// <summary>The real kubectl on PATH, driven through the kubeconfig the sandbox writes.</summary>
public sealed class KubectlTests : IAsyncLifetime
{
    private readonly KubectlSandbox _sandbox = new("sandbox-kubectl-");

    private KubectlRunner Kubectl => _sandbox.Kubectl;

    public Task InitializeAsync() => _sandbox.InitializeAsync();

    public Task DisposeAsync() => _sandbox.DisposeAsync();

    private const string App = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          labels: {app: demo}
        data:
          color: blue
          size: large
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels: {app: demo}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: web
                image: nginx:1.27
                ports: [{containerPort: 80}]
        """;

    private const string Crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: gadgets.example.com}
        spec:
          group: example.com
          scope: Namespaced
          names: {plural: gadgets, singular: gadget, kind: Gadget}
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                description: A gadget for testing explain.
                properties:
                  spec:
                    type: object
                    description: What the gadget should be.
                    properties:
                      flavour: {type: string, description: The flavour of the gadget.}
        """;

    [Fact]
    public async Task Get_apply_client_side_twice_then_server_side()
    {
        var namespaces = await Kubectl.RunOkAsync("get", "namespaces");
        Assert.Matches(@"kube-system\s+Active\s+\d+s", namespaces);
        var file = _sandbox.Write("app.yaml", App);
        var first = await Kubectl.RunOkAsync("apply", "-f", file);
        Assert.Contains("configmap/settings created", first);
        Assert.Contains("deployment.apps/web created", first);
        Assert.Contains("unchanged", await Kubectl.RunOkAsync("apply", "-f", file));

        _sandbox.Write("app.yaml", App.Replace("  size: large\n", "", StringComparison.Ordinal).Replace("replicas: 2", "replicas: 3", StringComparison.Ordinal));
        var second = await Kubectl.RunOkAsync("apply", "-f", file);
        Assert.Contains("configmap/settings configured", second);
        Assert.Equal("{\"color\":\"blue\"}", await Kubectl.RunOkAsync("get", "configmap", "settings", "-o", "jsonpath={.data}"));
        Assert.Equal("3", await Kubectl.RunOkAsync("get", "deployment", "web", "-o", "jsonpath={.spec.replicas}"));
        Assert.Matches(@"web\s+0/3\s+0\s+0\s+\d+s", await Kubectl.RunOkAsync("get", "deployments"));

        var ssa = await Kubectl.RunOkAsync("apply", "--server-side", "-f", file);
        Assert.Contains("serverside-applied", ssa);
        Assert.Contains("kubectl", await Kubectl.RunOkAsync("get", "configmap", "settings", "-o", "jsonpath={.metadata.managedFields[*].manager}"));
    }

    [Fact]
    public async Task Create_patch_describe_wait_and_delete()
    {
        var file = _sandbox.Write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: patched}\ndata: {a: \"1\"}\n");
        Assert.Contains("configmap/patched created", await Kubectl.RunOkAsync("create", "-f", file));
        var (dup, _, dupErr) = await Kubectl.RunAsync("create", "-f", file);
        Assert.NotEqual(0, dup);
        Assert.Contains("AlreadyExists", dupErr);

        await Kubectl.RunOkAsync("patch", "configmap", "patched", "-p", "{\"data\":{\"b\":\"2\"}}");
        await Kubectl.RunOkAsync("patch", "configmap", "patched", "--type=merge", "-p", "{\"data\":{\"a\":null}}");
        await Kubectl.RunOkAsync("patch", "configmap", "patched", "--type=json", "-p", "[{\"op\":\"add\",\"path\":\"/data/c\",\"value\":\"3\"}]");
        Assert.Equal("{\"b\":\"2\",\"c\":\"3\"}", await Kubectl.RunOkAsync("get", "configmap", "patched", "-o", "jsonpath={.data}"));

        var describe = await Kubectl.RunOkAsync("describe", "configmap", "patched");
        Assert.Contains("Name:", describe);
        Assert.Contains("patched", describe);

        var waiting = Kubectl.RunAsync("wait", "--for=jsonpath={.data.d}=4", "configmap/patched", "--timeout=30s");
        await Task.Delay(500);
        await Kubectl.RunOkAsync("patch", "configmap", "patched", "--type=merge", "-p", "{\"data\":{\"d\":\"4\"}}");
        Assert.Equal(0, (await waiting).Code);

        Assert.Contains("deleted", await Kubectl.RunOkAsync("delete", "configmap", "patched"));
        var (missing, _, err) = await Kubectl.RunAsync("get", "configmap", "patched");
        Assert.NotEqual(0, missing);
        Assert.Contains("NotFound", err);
    }

    [Fact]
    public async Task Explain_and_wait_work_on_a_crd_from_its_schema()
    {
        await Kubectl.RunOkAsync("apply", "-f", _sandbox.Write("crd.yaml", Crd));
        await Kubectl.RunOkAsync("wait", "--for=condition=Established", "crd/gadgets.example.com", "--timeout=30s");
        var explain = await Kubectl.RunOkAsync("explain", "gadgets.spec");
        Assert.Contains("What the gadget should be.", explain);
        Assert.Contains("flavour", explain);
        Assert.Contains("The flavour of the gadget.", await Kubectl.RunOkAsync("explain", "gadgets.spec.flavour"));

        await Kubectl.RunOkAsync("apply", "-f", _sandbox.Write("gadget.yaml", "apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g1}\nspec: {flavour: mint}\n"));
        Assert.Equal("mint", await Kubectl.RunOkAsync("get", "gadget", "g1", "-o", "jsonpath={.spec.flavour}"));
        await Kubectl.RunOkAsync("apply", "--server-side", "-f", _sandbox.Write("gadget.yaml", "apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g1}\nspec: {flavour: lime}\n"));
        Assert.Equal("lime", await Kubectl.RunOkAsync("get", "gadget", "g1", "-o", "jsonpath={.spec.flavour}"));
        Assert.Contains("deleted", await Kubectl.RunOkAsync("delete", "-f", Path.Combine(_sandbox.WorkingDirectory, "gadget.yaml")));
    }

    [Fact]
    public async Task Create_generators_that_send_protobuf_work_for_namespaces_configmaps_secrets_and_serviceaccounts()
    {
        Assert.Contains("namespace/gen created", await Kubectl.RunOkAsync("create", "namespace", "gen"));
        await Kubectl.RunOkAsync("create", "configmap", "gen-cm", "-n", "gen", "--from-literal=a=b", "--from-literal=c=d");
        await Kubectl.RunOkAsync("create", "secret", "generic", "gen-s", "-n", "gen", "--from-literal=pw=hunter2");
        await Kubectl.RunOkAsync("create", "serviceaccount", "gen-sa", "-n", "gen");
        Assert.Equal("kubernetes", await Kubectl.RunOkAsync("get", "namespace", "gen", "-o", "jsonpath={.spec.finalizers[0]}"));
        Assert.Equal("{\"a\":\"b\",\"c\":\"d\"}", await Kubectl.RunOkAsync("get", "configmap", "gen-cm", "-n", "gen", "-o", "jsonpath={.data}"));
        Assert.Equal("Opaque aHVudGVyMg==", await Kubectl.RunOkAsync("get", "secret", "gen-s", "-n", "gen", "-o", "jsonpath={.type} {.data.pw}"));
        Assert.Equal("gen-sa", await Kubectl.RunOkAsync("get", "serviceaccount", "gen-sa", "-n", "gen", "-o", "jsonpath={.metadata.name}"));
    }

    [Fact]
    public async Task Create_generators_that_send_protobuf_work_for_deployments_services_and_rbac()
    {
        Assert.Contains("deployment.apps/web created", await Kubectl.RunOkAsync("create", "deployment", "web", "--image=nginx:1.27", "--replicas=3", "--port=8080"));
        await Kubectl.RunOkAsync("create", "deployment", "sleeper", "--image=busybox", "--", "sleep", "3600");
        Assert.Contains("service/web created", await Kubectl.RunOkAsync("create", "service", "clusterip", "web", "--tcp=80:8080"));
        await Kubectl.RunOkAsync("create", "service", "nodeport", "web-np", "--tcp=80:8080", "--node-port=30080");
        await Kubectl.RunOkAsync("create", "service", "loadbalancer", "web-lb", "--tcp=443:8443");
        await Kubectl.RunOkAsync("create", "role", "reader", "--verb=get,list", "--resource=pods,deployments.apps", "--resource-name=web");
        await Kubectl.RunOkAsync("create", "rolebinding", "reader", "--role=reader", "--user=alice", "--serviceaccount=default:robot");
        await Kubectl.RunOkAsync("create", "clusterrole", "probes", "--verb=get", "--non-resource-url=/healthz");
        await Kubectl.RunOkAsync("create", "clusterrolebinding", "probes", "--clusterrole=probes", "--group=ops");

        var deployment = JsonNode.Parse(await Kubectl.RunOkAsync("get", "deployment", "web", "-o", "json"))!;
        Assert.Equal(3, deployment["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal("web", deployment["spec"]!["selector"]!["matchLabels"]!["app"]!.GetValue<string>());
        Assert.Equal("web", deployment["spec"]!["template"]!["metadata"]!["labels"]!["app"]!.GetValue<string>());
        var container = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("nginx:1.27", container["image"]!.GetValue<string>());
        Assert.Equal(8080, container["ports"]![0]!["containerPort"]!.GetValue<int>());
        Assert.Equal("[\"sleep\",\"3600\"]", await Kubectl.RunOkAsync("get", "deployment", "sleeper", "-o", "jsonpath={.spec.template.spec.containers[0].command}"));

        Assert.Equal("ClusterIP 80 8080 TCP web", await Kubectl.RunOkAsync("get", "service", "web", "-o", "jsonpath={.spec.type} {.spec.ports[0].port} {.spec.ports[0].targetPort} {.spec.ports[0].protocol} {.spec.selector.app}"));
        Assert.Matches(@"^10\.96\.\d+\.\d+$", await Kubectl.RunOkAsync("get", "service", "web", "-o", "jsonpath={.spec.clusterIP}"));
        Assert.Equal("NodePort 30080", await Kubectl.RunOkAsync("get", "service", "web-np", "-o", "jsonpath={.spec.type} {.spec.ports[0].nodePort}"));
        Assert.Equal("LoadBalancer 443 8443", await Kubectl.RunOkAsync("get", "service", "web-lb", "-o", "jsonpath={.spec.type} {.spec.ports[0].port} {.spec.ports[0].targetPort}"));

        var rules = JsonNode.Parse(await Kubectl.RunOkAsync("get", "role", "reader", "-o", "jsonpath={.rules}"))!.AsArray();
        Assert.Equal("{\"apiGroups\":[\"\"],\"resourceNames\":[\"web\"],\"resources\":[\"pods\"],\"verbs\":[\"get\",\"list\"]}", SortedJson(rules[0]!));
        Assert.Equal("apps deployments", $"{rules[1]!["apiGroups"]![0]} {rules[1]!["resources"]![0]}");
        Assert.Equal("Role reader User alice ServiceAccount robot default",
            await Kubectl.RunOkAsync("get", "rolebinding", "reader", "-o", "jsonpath={.roleRef.kind} {.roleRef.name} {.subjects[0].kind} {.subjects[0].name} {.subjects[1].kind} {.subjects[1].name} {.subjects[1].namespace}"));
        Assert.Equal("/healthz get", await Kubectl.RunOkAsync("get", "clusterrole", "probes", "-o", "jsonpath={.rules[0].nonResourceURLs[0]} {.rules[0].verbs[0]}"));
        Assert.Equal("ClusterRole probes Group ops", await Kubectl.RunOkAsync("get", "clusterrolebinding", "probes", "-o", "jsonpath={.roleRef.kind} {.roleRef.name} {.subjects[0].kind} {.subjects[0].name}"));
    }

    private static string SortedJson(JsonNode node) =>
        new JsonObject(node.AsObject().OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))).ToJsonString();
}
