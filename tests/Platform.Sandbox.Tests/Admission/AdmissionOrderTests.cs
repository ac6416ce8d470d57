using System.Text.Json.Nodes;
using Platform.Sandbox.Tests.Infrastructure;
using static Platform.Sandbox.Tests.Admission.WebhookConfigJson;

namespace Platform.Sandbox.Tests.Admission;

/// <summary>
/// The write path's order as kube-apiserver runs it: decode-time defaulting, mutating webhooks, then schema
/// pruning/defaulting/validation and CEL on the mutated object, then validating webhooks, then storage.
/// </summary>
public sealed class AdmissionOrderTests : IAsyncLifetime
{
    private const string Widgets = "/apis/example.com/v1/namespaces/default/widgets";
    private const string WidgetRules = """[{"operations":["CREATE","UPDATE"],"apiGroups":["example.com"],"apiVersions":["v1"],"resources":["widgets"]}]""";
    private readonly SandboxHost host = new(o =>
    {
        o.EnableSchemaValidation = true;
        o.EnableWebhookAdmission = true;
    });

    private TestWebhookServer webhooks = null!;

    public async Task InitializeAsync()
    {
        webhooks = await TestWebhookServer.StartAsync();
        await host.InitializeAsync();
        var (code, body) = await host.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", JsonNode.Parse("""
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.example.com"},
             "spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"widgets","singular":"widget","kind":"Widget"},
              "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","properties":{
                "spec":{"type":"object","properties":{
                  "port":{"type":"integer","maximum":65535},
                  "mode":{"type":"string","enum":["A","B"],"default":"A"},
                  "replicas":{"type":"integer","x-kubernetes-validations":[{"rule":"self <= 10","message":"at most ten"}]}}}}}}}]}}
            """)!.AsObject());
        Assert.True(code == 201, body?.ToJsonString());
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await webhooks.DisposeAsync();
    }

    private static JsonObject Widget(string name, string spec) =>
        JsonNode.Parse($$$"""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"{{{name}}}"},"spec":{{{spec}}}}""")!.AsObject();

    private async Task AddMutatingAsync(string path)
    {
        var (code, body) = await host.PostAsync("/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations",
            JsonNode.Parse(Configuration("mutate", Webhook("mutate.platform.io", UrlConfig(webhooks, path), rules: WidgetRules)))!.AsObject());
        Assert.True(code == 201, body?.ToJsonString());
    }

    private async Task AddValidatingAsync(string path)
    {
        var (code, body) = await host.PostAsync("/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations",
            JsonNode.Parse(Configuration("ValidatingWebhookConfiguration", "validate", Webhook("validate.platform.io", UrlConfig(webhooks, path), rules: WidgetRules)))!.AsObject());
        Assert.True(code == 201, body?.ToJsonString());
    }

    [Fact]
    public async Task A_custom_resource_made_invalid_by_a_mutating_webhook_is_rejected_by_schema_validation()
    {
        webhooks.On("/break", r => TestWebhookServer.RespondWithPatch(r, """[{"op":"replace","path":"/spec/port","value":70000}]"""));
        await AddMutatingAsync("/break");

        var (code, status) = await host.PostAsync(Widgets, Widget("broken", """{"port":80}"""));

        Assert.Equal(422, code);
        Assert.Equal("Widget.example.com \"broken\" is invalid: spec.port: Invalid value: 70000: spec.port in body should be less than or equal to 65535",
            status!["message"]!.GetValue<string>());
        Assert.Equal(404, (await host.GetAsync(Widgets + "/broken")).Code);
    }

    [Fact]
    public async Task CEL_rules_run_on_the_object_a_mutating_webhook_produced()
    {
        webhooks.On("/scale", r => TestWebhookServer.RespondWithPatch(r, """[{"op":"add","path":"/spec/replicas","value":11}]"""));
        await AddMutatingAsync("/scale");

        var (code, status) = await host.PostAsync(Widgets, Widget("scaled", """{"port":80}"""));

        Assert.Equal(422, code);
        Assert.Contains("spec.replicas: Invalid value: \"integer\": at most ten", status!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mutating_webhook_can_repair_an_object_before_validation_runs()
    {
        webhooks.On("/repair", r => TestWebhookServer.RespondWithPatch(r, """[{"op":"replace","path":"/spec/port","value":8080}]"""));
        await AddMutatingAsync("/repair");

        var (code, created) = await host.PostAsync(Widgets, Widget("repaired", """{"port":70000}"""));

        Assert.True(code == 201, created?.ToJsonString());
        Assert.Equal(8080, created!["spec"]!["port"]!.GetValue<int>());
    }

    [Fact]
    public async Task Fields_a_mutating_webhook_adds_are_pruned_and_defaults_applied_before_storage()
    {
        webhooks.On("/stray", r => TestWebhookServer.RespondWithPatch(r, """[{"op":"add","path":"/spec/stray","value":true},{"op":"remove","path":"/spec/mode"}]"""));
        await AddMutatingAsync("/stray");

        var (code, created) = await host.PostAsync(Widgets, Widget("pruned", """{"port":80,"mode":"B"}"""));

        Assert.True(code == 201, created?.ToJsonString());
        Assert.Null(created!["spec"]!["stray"]);
        Assert.Equal("A", created["spec"]!["mode"]!.GetValue<string>());
    }

    [Fact]
    public async Task Mutating_webhooks_see_the_decoded_and_defaulted_object_and_validating_webhooks_see_the_final_one()
    {
        webhooks.On("/mutate", r => TestWebhookServer.RespondWithPatch(r, """[{"op":"add","path":"/spec/stray","value":true}]"""));
        webhooks.On("/validate", r => TestWebhookServer.Respond(r, true));
        await AddMutatingAsync("/mutate");
        await AddValidatingAsync("/validate");

        var (code, _) = await host.PostAsync(Widgets, Widget("seen", """{"port":80}"""));

        Assert.Equal(201, code);
        var mutatingSaw = webhooks.Received.Single(r => r.Path == "/mutate").Request["request"]!["object"]!;
        var validatingSaw = webhooks.Received.Single(r => r.Path == "/validate").Request["request"]!["object"]!;
        Assert.Equal("A", mutatingSaw["spec"]!["mode"]!.GetValue<string>());
        Assert.Null(validatingSaw["spec"]!["stray"]);
        Assert.Equal("A", validatingSaw["spec"]!["mode"]!.GetValue<string>());
    }

    [Fact]
    public async Task Validating_webhooks_are_not_called_for_an_object_that_fails_schema_validation()
    {
        webhooks.On("/validate", r => TestWebhookServer.Respond(r, true));
        await AddValidatingAsync("/validate");

        var (code, _) = await host.PostAsync(Widgets, Widget("invalid", """{"port":70000}"""));

        Assert.Equal(422, code);
        Assert.Equal(0, webhooks.CallsTo("/validate"));
    }

    [Fact]
    public async Task Updates_are_revalidated_after_mutation_too()
    {
        var (created, widget) = await host.PostAsync(Widgets, Widget("updated", """{"port":80}"""));
        Assert.Equal(201, created);
        webhooks.On("/break", r => TestWebhookServer.RespondWithPatch(r, """[{"op":"replace","path":"/spec/port","value":70000}]"""));
        await AddMutatingAsync("/break");
        widget!["spec"]!["port"] = 81;

        var (code, status) = await host.SendAsync(HttpMethod.Put, Widgets + "/updated", widget.ToJsonString());

        Assert.Equal(422, code);
        Assert.StartsWith("Widget.example.com \"updated\" is invalid: spec.port:", status!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
