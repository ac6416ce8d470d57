using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Sandbox.Admission;
using Platform.Sandbox.Api;
using static Platform.Sandbox.Tests.Admission.WebhookConfigJson;

namespace Platform.Sandbox.Tests.Admission;

public sealed class WebhookAdmissionChainTests : IAsyncLifetime
{
    private TestWebhookServer server = null!;

    public async Task InitializeAsync() => server = await TestWebhookServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static WebhookAdmissionChain Chain(InMemoryObjectStore store, IWebhookEndpointResolver? resolver = null) =>
        new(store, resolver ?? new ServiceWebhookEndpointResolver(store), TimeProvider.System, NullLogger<WebhookAdmissionChain>.Instance);

    private static InMemoryObjectStore StoreWithNamespace(string labels = """{"inject":"enabled"}""") =>
        new InMemoryObjectStore().Add("", "v1", "namespaces", $$$"""{"metadata":{"name":"team","labels":{{{labels}}}}}""");

    [Fact]
    public async Task Mutating_webhook_receives_an_AdmissionReview_v1_and_its_JSONPatch_is_applied()
    {
        server.On("/mutate", r => TestWebhookServer.RespondWithPatch(r, """[{"op":"add","path":"/metadata/labels/injected","value":"true"}]"""));
        var store = StoreWithNamespace().AddMutating("inject", Webhook("inject.platform.io", UrlConfig(server, "/mutate")));
        using var chain = Chain(store);

        var outcome = await chain.AdmitAsync(PodCreate(), CancellationToken.None);

        Assert.True(outcome.Allowed);
        Assert.Equal("true", outcome.Object!["metadata"]!["labels"]!["injected"]!.GetValue<string>());
        var (path, review) = Assert.Single(server.Received);
        Assert.Equal("/mutate", path);
        Assert.Equal("admission.k8s.io/v1", review["apiVersion"]!.GetValue<string>());
        var request = review["request"]!;
        Assert.Equal("CREATE", request["operation"]!.GetValue<string>());
        Assert.Equal("""{"group":"","version":"v1","kind":"Pod"}""", request["kind"]!.ToJsonString());
        Assert.Equal("""{"group":"","version":"v1","resource":"pods"}""", request["resource"]!.ToJsonString());
        Assert.Equal("team", request["namespace"]!.GetValue<string>());
        Assert.Equal("alice", request["userInfo"]!["username"]!.GetValue<string>());
        Assert.Equal("web-0", request["object"]!["metadata"]!["name"]!.GetValue<string>());
        Assert.False(request["dryRun"]!.GetValue<bool>());
        Assert.True(Guid.TryParse(request["uid"]!.GetValue<string>(), out _));
    }

    [Fact]
    public async Task Webhooks_only_run_for_requests_their_rules_match()
    {
        server.On("/pods", r => TestWebhookServer.Respond(r, true));
        var store = StoreWithNamespace().AddValidating("v", Webhook("pods.platform.io", UrlConfig(server, "/pods")));
        using var chain = Chain(store);
        var create = PodCreate();

        await chain.AdmitAsync(create, CancellationToken.None);
        await chain.AdmitAsync(create with { Operation = AdmissionOperation.Update, OldObject = create.Object }, CancellationToken.None);
        await chain.AdmitAsync(create with { Subresource = "status" }, CancellationToken.None);
        await chain.AdmitAsync(create with { Resource = "services", Kind = "Service" }, CancellationToken.None);
        await chain.AdmitAsync(create with { Group = "apps", KindGroup = "apps" }, CancellationToken.None);

        Assert.Equal(1, server.CallsTo("/pods"));
    }

    [Fact]
    public async Task Namespace_selector_uses_the_namespace_labels_and_object_selector_the_object_labels()
    {
        server.On("/ns", r => TestWebhookServer.Respond(r, true));
        server.On("/obj", r => TestWebhookServer.Respond(r, true));
        var store = StoreWithNamespace("""{"inject":"enabled"}""").AddValidating(
            "v",
            Webhook("ns.platform.io", UrlConfig(server, "/ns"), namespaceSelector: """{"matchLabels":{"inject":"enabled"}}"""),
            Webhook("obj.platform.io", UrlConfig(server, "/obj"), objectSelector: """{"matchExpressions":[{"key":"app","operator":"In","values":["web","api"]}]}"""));
        store.Add("", "v1", "namespaces", """{"metadata":{"name":"other","labels":{}}}""");
        using var chain = Chain(store);

        await chain.AdmitAsync(PodCreate("team", """{"app":"web"}"""), CancellationToken.None);
        await chain.AdmitAsync(PodCreate("other", """{"app":"db"}"""), CancellationToken.None);

        Assert.Equal(1, server.CallsTo("/ns"));
        Assert.Equal(1, server.CallsTo("/obj"));
    }

    [Fact]
    public async Task Denial_becomes_the_webhooks_status_with_upstream_wording()
    {
        server.On("/deny", r => TestWebhookServer.Respond(r, false, new JsonObject
        {
            ["status"] = new JsonObject { ["code"] = 403, ["reason"] = "Forbidden", ["message"] = "pods must not run as root" },
        }));
        server.On("/bare", r => TestWebhookServer.Respond(r, false));
        using var chain = Chain(StoreWithNamespace().AddValidating("v", Webhook("deny.platform.io", UrlConfig(server, "/deny"))));
        using var bare = Chain(StoreWithNamespace().AddValidating("v", Webhook("bare.platform.io", UrlConfig(server, "/bare"))));

        var outcome = await chain.AdmitAsync(PodCreate(), CancellationToken.None);
        var bareOutcome = await bare.AdmitAsync(PodCreate(), CancellationToken.None);

        Assert.False(outcome.Allowed);
        Assert.Equal(new AdmissionStatus(403, "Forbidden", "admission webhook \"deny.platform.io\" denied the request: pods must not run as root"), outcome.Status);
        Assert.Equal(400, bareOutcome.Status!.Code);
        Assert.Equal("admission webhook \"bare.platform.io\" denied the request without explanation", bareOutcome.Status.Message);
    }

    [Fact]
    public async Task Failure_policy_Fail_turns_a_failed_call_into_InternalError_and_Ignore_admits()
    {
        var store = StoreWithNamespace().AddValidating(
            "v",
            Webhook("ignored.platform.io", UrlConfig(server, "/missing"), failurePolicy: "Ignore"));
        using var ignore = Chain(store);
        using var fail = Chain(StoreWithNamespace().AddValidating("v", Webhook("strict.platform.io", UrlConfig(server, "/missing"))));

        var ignored = await ignore.AdmitAsync(PodCreate(), CancellationToken.None);
        var failed = await fail.AdmitAsync(PodCreate(), CancellationToken.None);

        Assert.True(ignored.Allowed);
        Assert.False(failed.Allowed);
        Assert.Equal(500, failed.Status!.Code);
        Assert.Equal("InternalError", failed.Status.Reason);
        Assert.StartsWith("Internal error occurred: failed calling webhook \"strict.platform.io\": failed to call webhook:", failed.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_not_signed_by_the_caBundle_is_not_trusted()
    {
        server.On("/ok", r => TestWebhookServer.Respond(r, true));
        await using var otherCa = await TestWebhookServer.StartAsync();
        using var chain = Chain(StoreWithNamespace().AddValidating("v", Webhook("tls.platform.io", UrlConfig(server, "/ok", otherCa.CaBundleBase64))));

        var outcome = await chain.AdmitAsync(PodCreate(), CancellationToken.None);

        Assert.Equal(500, outcome.Status!.Code);
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task A_webhook_slower_than_timeoutSeconds_fails_with_deadline_exceeded()
    {
        using var release = new CancellationTokenSource();
        server.OnAsync("/slow", async r =>
        {
            await Task.Delay(TimeSpan.FromSeconds(20), release.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return TestWebhookServer.Respond(r, true);
        });
        using var chain = Chain(StoreWithNamespace().AddValidating("v", Webhook("slow.platform.io", UrlConfig(server, "/slow"), timeoutSeconds: 1)));

        var outcome = await chain.AdmitAsync(PodCreate(), CancellationToken.None);
        await release.CancelAsync();

        Assert.Equal(500, outcome.Status!.Code);
        Assert.EndsWith("context deadline exceeded", outcome.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IfNeeded_webhooks_are_reinvoked_once_when_a_later_webhook_changes_the_object()
    {
        server.On("/first", r => r["request"]!["object"]!["metadata"]!["labels"]!["second"] is null
            ? TestWebhookServer.RespondWithPatch(r, """[{"op":"add","path":"/metadata/labels/first","value":"1"}]""")
            : TestWebhookServer.RespondWithPatch(r, """[{"op":"add","path":"/metadata/labels/first","value":"saw-second"}]"""));
        server.On("/second", r => TestWebhookServer.RespondWithPatch(r, """[{"op":"add","path":"/metadata/labels/second","value":"2"}]"""));
        server.On("/never", r => TestWebhookServer.Respond(r, true));
        var store = StoreWithNamespace()
            .AddMutating("a-first", Webhook("first.platform.io", UrlConfig(server, "/first"), reinvocationPolicy: "IfNeeded"), Webhook("never.platform.io", UrlConfig(server, "/never")))
            .AddMutating("b-second", Webhook("second.platform.io", UrlConfig(server, "/second")));
        using var chain = Chain(store);

        var outcome = await chain.AdmitAsync(PodCreate(), CancellationToken.None);

        Assert.Equal(2, server.CallsTo("/first"));
        Assert.Equal(1, server.CallsTo("/second"));
        Assert.Equal(1, server.CallsTo("/never"));
        Assert.Equal("saw-second", outcome.Object!["metadata"]!["labels"]!["first"]!.GetValue<string>());
        Assert.Equal(["/first", "/never", "/second", "/first"], server.Received.Select(r => r.Path).ToArray());
    }

    [Fact]
    public async Task IfNeeded_webhooks_are_not_reinvoked_when_nothing_changed_after_them()
    {
        server.On("/first", r => TestWebhookServer.RespondWithPatch(r, """[{"op":"add","path":"/metadata/labels/first","value":"1"}]"""));
        server.On("/quiet", r => TestWebhookServer.Respond(r, true));
        var store = StoreWithNamespace()
            .AddMutating("a", Webhook("first.platform.io", UrlConfig(server, "/first"), reinvocationPolicy: "IfNeeded"))
            .AddMutating("b", Webhook("quiet.platform.io", UrlConfig(server, "/quiet")));
        using var chain = Chain(store);

        await chain.AdmitAsync(PodCreate(), CancellationToken.None);

        Assert.Equal(1, server.CallsTo("/first"));
    }

    [Fact]
    public async Task Warnings_from_all_webhooks_are_collected_and_validators_see_the_mutated_object()
    {
        server.On("/mutate", r => TestWebhookServer.RespondWithPatch(r, """[{"op":"replace","path":"/spec/containers/0/image","value":"nginx:1.27"}]""", "image pinned"));
        server.On("/validate", r => TestWebhookServer.Respond(r, true, new JsonObject
        {
            ["warnings"] = new JsonArray("saw " + r["request"]!["object"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>()),
        }));
        var store = StoreWithNamespace()
            .AddMutating("m", Webhook("m.platform.io", UrlConfig(server, "/mutate")))
            .AddValidating("v", Webhook("v.platform.io", UrlConfig(server, "/validate")));
        using var chain = Chain(store);

        var outcome = await chain.AdmitAsync(PodCreate(), CancellationToken.None);

        Assert.True(outcome.Allowed);
        Assert.Equal(["image pinned", "saw nginx:1.27"], outcome.Warnings);
    }

    [Fact]
    public async Task Dry_run_calls_side_effect_free_webhooks_and_rejects_when_one_has_side_effects()
    {
        server.On("/pure", r => TestWebhookServer.Respond(r, true));
        server.On("/effects", r => TestWebhookServer.Respond(r, true));
        using var pure = Chain(StoreWithNamespace().AddValidating("v", Webhook("pure.platform.io", UrlConfig(server, "/pure"), sideEffects: "NoneOnDryRun")));
        using var effects = Chain(StoreWithNamespace().AddValidating("v", Webhook("effects.platform.io", UrlConfig(server, "/effects"), sideEffects: "Some")));

        var allowed = await pure.AdmitAsync(PodCreate(dryRun: true), CancellationToken.None);
        var rejected = await effects.AdmitAsync(PodCreate(dryRun: true), CancellationToken.None);

        Assert.True(allowed.Allowed);
        Assert.True(server.Received.Single(r => r.Path == "/pure").Request["request"]!["dryRun"]!.GetValue<bool>());
        Assert.Equal(new AdmissionStatus(400, "BadRequest", "admission webhook \"effects.platform.io\" does not support dry run"), rejected.Status);
        Assert.Equal(0, server.CallsTo("/effects"));
    }

    [Fact]
    public async Task Service_client_config_resolves_through_the_services_EndpointSlice()
    {
        server.On("/svc", r => TestWebhookServer.Respond(r, true));
        var store = StoreWithNamespace()
            .Add("", "v1", "services", """{"metadata":{"name":"webhook","namespace":"test"},"spec":{"ports":[{"name":"https","port":443,"targetPort":9443}]}}""")
            .Add("discovery.k8s.io", "v1", "endpointslices", $$$"""
                {"metadata":{"name":"webhook-abc","namespace":"test","labels":{"kubernetes.io/service-name":"webhook"}},
                 "addressType":"IPv4","endpoints":[{"addresses":["127.0.0.1"],"conditions":{"ready":true}}],
                 "ports":[{"name":"https","port":{{{server.BaseAddress.Port}}}}]}
                """)
            .AddValidating("v", Webhook("svc.platform.io", ServiceConfig("test", "webhook", 443, "/svc", server.CaBundleBase64)));
        using var chain = Chain(store);

        var outcome = await chain.AdmitAsync(PodCreate(), CancellationToken.None);

        Assert.True(outcome.Allowed);
        Assert.Equal(1, server.CallsTo("/svc"));
    }

    [Fact]
    public async Task Service_client_config_can_be_mapped_to_a_local_listener()
    {
        server.On("/mapped", r => TestWebhookServer.Respond(r, true));
        var store = StoreWithNamespace().AddValidating("v", Webhook("mapped.platform.io", ServiceConfig("test", "webhook", 443, "mapped", server.CaBundleBase64)));
        var resolver = new ServiceWebhookEndpointResolver(store);
        resolver.Map("test", "webhook", 443, server.BaseAddress);
        using var chain = Chain(store, resolver);
        using var unmapped = Chain(store);

        var outcome = await chain.AdmitAsync(PodCreate(), CancellationToken.None);
        var noEndpoint = await unmapped.AdmitAsync(PodCreate(), CancellationToken.None);

        Assert.True(outcome.Allowed);
        Assert.Equal(1, server.CallsTo("/mapped"));
        Assert.Equal(500, noEndpoint.Status!.Code);
        Assert.Contains("has no endpoint", noEndpoint.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Equivalent_match_policy_sends_the_request_in_the_version_the_rule_names()
    {
        server.On("/se", r => TestWebhookServer.RespondWithPatch(r, """[{"op":"add","path":"/spec/location","value":"MESH_EXTERNAL"}]"""));
        const string rules = """[{"operations":["CREATE"],"apiGroups":["networking.istio.io"],"apiVersions":["v1beta1"],"resources":["serviceentries"]}]""";
        var store = StoreWithNamespace()
            .Add("apiextensions.k8s.io", "v1", "customresourcedefinitions", """
                {"metadata":{"name":"serviceentries.networking.istio.io"},"spec":{"group":"networking.istio.io","names":{"plural":"serviceentries","kind":"ServiceEntry"},
                 "versions":[{"name":"v1","served":true,"storage":true},{"name":"v1beta1","served":true},{"name":"v1alpha3","served":true}]}}
                """);
        using var equivalent = Chain(store.AddMutating("eq", Webhook("se.platform.io", UrlConfig(server, "/se"), rules: rules)));
        var request = new AdmissionAttributes
        {
            Operation = AdmissionOperation.Create,
            Group = "networking.istio.io",
            Version = "v1",
            Resource = "serviceentries",
            KindGroup = "networking.istio.io",
            KindVersion = "v1",
            Kind = "ServiceEntry",
            Name = "ext",
            Namespace = "team",
            UserInfo = new AdmissionUserInfo("alice", "", []),
            Object = JsonNode.Parse("""{"apiVersion":"networking.istio.io/v1","kind":"ServiceEntry","metadata":{"name":"ext","namespace":"team"},"spec":{"hosts":["a.example.com"]}}""")!.AsObject(),
        };

        var outcome = await equivalent.AdmitAsync(request, CancellationToken.None);
        using var exact = Chain(StoreWithNamespace().AddMutating("ex", Webhook("exact.platform.io", UrlConfig(server, "/se"), rules: rules, matchPolicy: "Exact")));
        await exact.AdmitAsync(request, CancellationToken.None);

        var sent = Assert.Single(server.Received).Request["request"]!;
        Assert.Equal("v1beta1", sent["resource"]!["version"]!.GetValue<string>());
        Assert.Equal("v1", sent["requestResource"]!["version"]!.GetValue<string>());
        Assert.Equal("networking.istio.io/v1beta1", sent["object"]!["apiVersion"]!.GetValue<string>());
        Assert.Equal("networking.istio.io/v1", outcome.Object!["apiVersion"]!.GetValue<string>());
        Assert.Equal("MESH_EXTERNAL", outcome.Object["spec"]!["location"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_response_for_another_request_uid_is_a_call_failure()
    {
        server.On("/wrong", _ => new JsonObject
        {
            ["apiVersion"] = "admission.k8s.io/v1",
            ["kind"] = "AdmissionReview",
            ["response"] = new JsonObject { ["uid"] = "not-the-request", ["allowed"] = true },
        });
        using var chain = Chain(StoreWithNamespace().AddValidating("v", Webhook("uid.platform.io", UrlConfig(server, "/wrong"))));

        var outcome = await chain.AdmitAsync(PodCreate(), CancellationToken.None);

        Assert.Equal(500, outcome.Status!.Code);
        Assert.Contains("expected response.uid", outcome.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_response_with_fields_of_the_wrong_type_is_a_call_failure_not_a_crash()
    {
        server.On("/odd", r => TestWebhookServer.Respond(r, true, new JsonObject { ["warnings"] = new JsonArray(1, 2) }));
        using var chain = Chain(StoreWithNamespace().AddValidating("v", Webhook("odd.platform.io", UrlConfig(server, "/odd"))));

        var outcome = await chain.AdmitAsync(PodCreate(), CancellationToken.None);

        Assert.Equal(500, outcome.Status!.Code);
        Assert.Contains("malformed AdmissionReview response", outcome.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_patch_that_does_not_apply_fails_the_request_even_under_failurePolicy_Ignore()
    {
        server.On("/badpatch", r => TestWebhookServer.RespondWithPatch(r, """[{"op":"remove","path":"/metadata/nonexistent"}]"""));
        using var chain = Chain(StoreWithNamespace().AddMutating("m", Webhook("badpatch.platform.io", UrlConfig(server, "/badpatch"), failurePolicy: "Ignore")));

        var outcome = await chain.AdmitAsync(PodCreate(), CancellationToken.None);

        Assert.Equal(500, outcome.Status!.Code);
        Assert.Contains("JSON patch failed to apply", outcome.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_configurations_admits_without_changes()
    {
        using var chain = Chain(new InMemoryObjectStore());

        var outcome = await chain.AdmitAsync(PodCreate(), CancellationToken.None);

        Assert.True(outcome.Allowed);
        Assert.Null(outcome.Object);
        Assert.Empty(outcome.Warnings);
    }
}
