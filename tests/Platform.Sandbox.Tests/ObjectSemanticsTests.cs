using System.Text.Json.Nodes;
using Platform.Sandbox.Tests.Infrastructure;

namespace Platform.Sandbox.Tests;

/// <summary>Object metadata and update semantics from the API concepts documentation.</summary>
public sealed class ObjectSemanticsTests : IClassFixture<SandboxHost>
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private const string Deployments = "/apis/apps/v1/namespaces/default/deployments";
    private readonly SandboxHost _host;

    public ObjectSemanticsTests(SandboxHost host) => _host = host;

    private static JsonObject Deployment(string name, int replicas = 1) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "nginx" }) },
            },
        },
    };

    [Fact]
    public async Task Create_assigns_uid_creationTimestamp_and_resourceVersion()
    {
        var (code, body) = await _host.PostAsync(ConfigMaps, Objects.ConfigMap("meta-1"));
        Assert.Equal(201, code);
        var meta = body!["metadata"]!;
        Assert.True(Guid.TryParse(Objects.Str(meta["uid"]), out _));
        Assert.True(DateTimeOffset.TryParse(Objects.Str(meta["creationTimestamp"]), out _));
        Assert.True(long.Parse(Objects.Str(meta["resourceVersion"])) > 0);
        Assert.Equal("default", Objects.Str(meta["namespace"]));
    }

    [Fact]
    public async Task GenerateName_appends_a_random_suffix()
    {
        var cm = Objects.ConfigMap("");
        cm["metadata"]!.AsObject().Remove("name");
        cm["metadata"]!["generateName"] = "gen-";
        var (code1, a) = await _host.PostAsync(ConfigMaps, cm.DeepClone().AsObject());
        var (code2, b) = await _host.PostAsync(ConfigMaps, cm.DeepClone().AsObject());
        Assert.Equal(201, code1);
        Assert.Equal(201, code2);
        var nameA = Objects.Str(a!["metadata"]!["name"]);
        Assert.Matches("^gen-[a-z0-9]{5}$", nameA);
        Assert.NotEqual(nameA, Objects.Str(b!["metadata"]!["name"]));
    }

    [Fact]
    public async Task Creating_an_existing_name_is_409_AlreadyExists()
    {
        await _host.PostAsync(ConfigMaps, Objects.ConfigMap("dup"));
        var (code, status) = await _host.PostAsync(ConfigMaps, Objects.ConfigMap("dup"));
        Assert.Equal(409, code);
        Assert.Equal("AlreadyExists", Objects.Str(status!["reason"]));
        Assert.Equal("configmaps \"dup\" already exists", Objects.Str(status["message"]));
    }

    [Fact]
    public async Task Update_with_a_stale_resourceVersion_is_409_Conflict()
    {
        var (_, created) = await _host.PostAsync(ConfigMaps, Objects.ConfigMap("occ"));
        var first = created!.DeepClone().AsObject();
        first["data"]!["k"] = "first";
        var (ok, _) = await _host.SendAsync(HttpMethod.Put, $"{ConfigMaps}/occ", first.ToJsonString());
        Assert.Equal(200, ok);

        var stale = created.DeepClone().AsObject();
        stale["data"]!["k"] = "second";
        var (code, status) = await _host.SendAsync(HttpMethod.Put, $"{ConfigMaps}/occ", stale.ToJsonString());
        Assert.Equal(409, code);
        Assert.Equal("Conflict", Objects.Str(status!["reason"]));
        Assert.Contains("the object has been modified", Objects.Str(status["message"]));
    }

    [Fact]
    public async Task ResourceVersion_changes_on_every_write()
    {
        var (_, created) = await _host.PostAsync(ConfigMaps, Objects.ConfigMap("rv"));
        var update = created!.DeepClone().AsObject();
        update["data"]!["k"] = "changed";
        var (_, updated) = await _host.SendAsync(HttpMethod.Put, $"{ConfigMaps}/rv", update.ToJsonString());
        Assert.True(long.Parse(Objects.Str(updated!["metadata"]!["resourceVersion"])) > long.Parse(Objects.Str(created["metadata"]!["resourceVersion"])));
        Assert.Equal(Objects.Str(created["metadata"]!["uid"]), Objects.Str(updated["metadata"]!["uid"]));
    }

    [Fact]
    public async Task Generation_is_bumped_by_spec_changes_only()
    {
        var (_, created) = await _host.PostAsync(Deployments, Deployment("gen"));
        Assert.Equal(1, created!["metadata"]!["generation"]!.GetValue<long>());

        var (_, labelled) = await _host.SendAsync(HttpMethod.Patch, $"{Deployments}/gen", """{"metadata":{"labels":{"x":"y"}}}""", "application/merge-patch+json");
        Assert.Equal(1, labelled!["metadata"]!["generation"]!.GetValue<long>());

        var (_, scaled) = await _host.SendAsync(HttpMethod.Patch, $"{Deployments}/gen", """{"spec":{"replicas":3}}""", "application/merge-patch+json");
        Assert.Equal(2, scaled!["metadata"]!["generation"]!.GetValue<long>());

        var (_, status) = await _host.SendAsync(HttpMethod.Patch, $"{Deployments}/gen/status", """{"status":{"replicas":3}}""", "application/merge-patch+json");
        Assert.Equal(2, status!["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task Status_subresource_isolation_main_writes_ignore_status_and_status_writes_ignore_spec()
    {
        var (_, created) = await _host.PostAsync(Deployments, Deployment("iso"));
        var withStatus = created!.DeepClone().AsObject();
        withStatus["status"] = new JsonObject { ["replicas"] = 7 };
        withStatus["spec"]!["replicas"] = 2;
        var (_, main) = await _host.SendAsync(HttpMethod.Put, $"{Deployments}/iso", withStatus.ToJsonString());
        Assert.Equal(2, main!["spec"]!["replicas"]!.GetValue<int>());
        Assert.Null(main["status"]?["replicas"]);

        var statusWrite = main.DeepClone().AsObject();
        statusWrite["status"] = new JsonObject { ["replicas"] = 5 };
        statusWrite["spec"]!["replicas"] = 9;
        var (code, afterStatus) = await _host.SendAsync(HttpMethod.Put, $"{Deployments}/iso/status", statusWrite.ToJsonString());
        Assert.Equal(200, code);
        Assert.Equal(5, afterStatus!["status"]!["replicas"]!.GetValue<int>());
        Assert.Equal(2, afterStatus["spec"]!["replicas"]!.GetValue<int>());
    }

    [Fact]
    public async Task Create_ignores_status_for_kinds_with_a_status_subresource()
    {
        var d = Deployment("nostatus");
        d["status"] = new JsonObject { ["replicas"] = 4 };
        var (_, created) = await _host.PostAsync(Deployments, d);
        Assert.Null(created!["status"]?["replicas"]);
    }

    [Fact]
    public async Task Finalizers_keep_a_deleted_object_with_a_deletionTimestamp_until_removed()
    {
        var cm = Objects.ConfigMap("fin");
        cm["metadata"]!["finalizers"] = new JsonArray("example.com/hold");
        await _host.PostAsync(ConfigMaps, cm);

        var (code, deleting) = await _host.SendAsync(HttpMethod.Delete, $"{ConfigMaps}/fin");
        Assert.Equal(200, code);
        Assert.NotNull(deleting!["metadata"]!["deletionTimestamp"]);
        var (stillThere, _) = await _host.GetAsync($"{ConfigMaps}/fin");
        Assert.Equal(200, stillThere);

        await _host.SendAsync(HttpMethod.Patch, $"{ConfigMaps}/fin", """{"metadata":{"finalizers":null}}""", "application/merge-patch+json");
        var (gone, _) = await _host.GetAsync($"{ConfigMaps}/fin");
        Assert.Equal(404, gone);
    }

    [Fact]
    public async Task New_finalizers_cannot_be_added_to_an_object_being_deleted()
    {
        var cm = Objects.ConfigMap("fin2");
        cm["metadata"]!["finalizers"] = new JsonArray("example.com/hold");
        await _host.PostAsync(ConfigMaps, cm);
        await _host.SendAsync(HttpMethod.Delete, $"{ConfigMaps}/fin2");
        var (code, status) = await _host.SendAsync(HttpMethod.Patch, $"{ConfigMaps}/fin2",
            """{"metadata":{"finalizers":["example.com/hold","example.com/more"]}}""", "application/merge-patch+json");
        Assert.Equal(422, code);
        Assert.Equal("Invalid", Objects.Str(status!["reason"]));
    }

    [Fact]
    public async Task DryRun_validates_and_answers_without_persisting()
    {
        var (code, body) = await _host.PostAsync($"{ConfigMaps}?dryRun=All", Objects.ConfigMap("dry"));
        Assert.Equal(201, code);
        Assert.Equal("dry", Objects.Str(body!["metadata"]!["name"]));
        var (get, _) = await _host.GetAsync($"{ConfigMaps}/dry");
        Assert.Equal(404, get);

        await _host.PostAsync(ConfigMaps, Objects.ConfigMap("dry-del"));
        var (del, _) = await _host.SendAsync(HttpMethod.Delete, $"{ConfigMaps}/dry-del?dryRun=All");
        Assert.Equal(200, del);
        var (still, _) = await _host.GetAsync($"{ConfigMaps}/dry-del");
        Assert.Equal(200, still);
    }

    [Fact]
    public async Task Delete_precondition_on_uid_mismatch_is_409()
    {
        await _host.PostAsync(ConfigMaps, Objects.ConfigMap("pre"));
        var (code, status) = await _host.SendAsync(HttpMethod.Delete, $"{ConfigMaps}/pre",
            """{"kind":"DeleteOptions","apiVersion":"v1","preconditions":{"uid":"00000000-0000-0000-0000-000000000000"}}""");
        Assert.Equal(409, code);
        Assert.Contains("Precondition failed", Objects.Str(status!["message"]));
    }

    [Fact]
    public async Task Every_namespace_gets_a_default_service_account_and_tokens_authenticate_as_it()
    {
        await _host.PostAsync("/api/v1/namespaces", Objects.Namespace("sa-test"));
        var (code, token) = await _host.PostAsync("/api/v1/namespaces/sa-test/serviceaccounts/default/token",
            new JsonObject { ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "TokenRequest", ["spec"] = new JsonObject() });
        Assert.Equal(201, code);
        var jwt = Objects.Str(token!["status"]!["token"]);
        using var asServiceAccount = SandboxHost.CreateHttp(_host.Server, jwt);
        using var csr = new HttpRequestMessage(HttpMethod.Post, "/apis/certificates.k8s.io/v1/certificatesigningrequests")
        {
            Content = new StringContent("""
                {"apiVersion":"certificates.k8s.io/v1","kind":"CertificateSigningRequest","metadata":{"name":"sa-csr"},
                 "spec":{"request":"LS0t","signerName":"example.com/signer","username":"forged","usages":["client auth"]}}
                """, System.Text.Encoding.UTF8, "application/json"),
        };
        using var response = await asServiceAccount.SendAsync(csr);
        var created = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(201, (int)response.StatusCode);
        Assert.Equal("system:serviceaccount:sa-test:default", Objects.Str(created["spec"]!["username"]));
        Assert.Contains("system:serviceaccounts:sa-test", created["spec"]!["groups"]!.AsArray().Select(g => g!.GetValue<string>()));
    }

    [Fact]
    public async Task Pod_binding_assigns_a_node_once()
    {
        await _host.PostAsync("/api/v1/namespaces/default/pods", Objects.Pod("bind-me"));
        var binding = new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Binding", ["metadata"] = new JsonObject { ["name"] = "bind-me" },
            ["target"] = new JsonObject { ["kind"] = "Node", ["name"] = "node-a" },
        };
        var (code, _) = await _host.PostAsync("/api/v1/namespaces/default/pods/bind-me/binding", binding);
        Assert.Equal(201, code);
        var (_, pod) = await _host.GetAsync("/api/v1/namespaces/default/pods/bind-me");
        Assert.Equal("node-a", Objects.Str(pod!["spec"]!["nodeName"]));
        Assert.Equal("Pending", Objects.Str(pod["status"]!["phase"]));
        var (again, _) = await _host.PostAsync("/api/v1/namespaces/default/pods/bind-me/binding", binding);
        Assert.Equal(409, again);
    }

    [Fact]
    public async Task Csr_approval_subresource_changes_only_conditions_and_status_cannot_approve()
    {
        await _host.PostAsync("/apis/certificates.k8s.io/v1/certificatesigningrequests", new JsonObject
        {
            ["apiVersion"] = "certificates.k8s.io/v1", ["kind"] = "CertificateSigningRequest", ["metadata"] = new JsonObject { ["name"] = "appr" },
            ["spec"] = new JsonObject { ["request"] = "LS0t", ["signerName"] = "example.com/s", ["usages"] = new JsonArray("client auth") },
        });
        var (_, csr) = await _host.GetAsync("/apis/certificates.k8s.io/v1/certificatesigningrequests/appr");
        var viaStatus = csr!.DeepClone().AsObject();
        viaStatus["status"] = new JsonObject { ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Approved", ["status"] = "True" }) };
        var (_, afterStatus) = await _host.SendAsync(HttpMethod.Put, "/apis/certificates.k8s.io/v1/certificatesigningrequests/appr/status", viaStatus.ToJsonString());
        Assert.DoesNotContain(afterStatus!["status"]?["conditions"]?.AsArray() ?? [], c => Objects.Str(c!["type"]) == "Approved");

        var approval = afterStatus.DeepClone().AsObject();
        approval["status"] = viaStatus["status"]!.DeepClone();
        var (code, approved) = await _host.SendAsync(HttpMethod.Put, "/apis/certificates.k8s.io/v1/certificatesigningrequests/appr/approval", approval.ToJsonString());
        Assert.Equal(200, code);
        Assert.Contains(approved!["status"]!["conditions"]!.AsArray(), c => Objects.Str(c!["type"]) == "Approved");
        Assert.Equal("LS0t", Objects.Str(approved["spec"]!["request"]));
    }

    [Fact]
    public async Task Events_written_through_events_k8s_io_are_core_events_for_kubectl_describe()
    {
        var (code, _) = await _host.PostAsync("/apis/events.k8s.io/v1/namespaces/default/events", new JsonObject
        {
            ["apiVersion"] = "events.k8s.io/v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = "svc.allocated" },
            ["regarding"] = new JsonObject { ["kind"] = "Service", ["name"] = "web", ["namespace"] = "default" },
            ["reason"] = "IPAllocated",
            ["note"] = "Assigned IP [\"192.0.2.10\"]",
            ["type"] = "Normal",
            ["reportingController"] = "metallb-controller",
            ["reportingInstance"] = "controller-0",
            ["action"] = "Allocate",
            ["eventTime"] = "2026-01-01T00:00:00.000000Z",
        });
        Assert.Equal(201, code);
        var (_, list) = await _host.GetAsync("/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dweb,involvedObject.kind%3DService");
        var core = Assert.Single(list!["items"]!.AsArray())!;
        Assert.Equal("v1", Objects.Str(core["apiVersion"]));
        Assert.Equal("Assigned IP [\"192.0.2.10\"]", Objects.Str(core["message"]));
        Assert.Equal("metallb-controller", Objects.Str(core["reportingComponent"]));
        var (_, back) = await _host.GetAsync("/apis/events.k8s.io/v1/namespaces/default/events/svc.allocated");
        Assert.Equal("web", Objects.Str(back!["regarding"]!["name"]));
        Assert.Null(back["involvedObject"]);
    }
}
