using System.Text;
using System.Text.Json.Nodes;
using Platform.Sandbox.Tests.Infrastructure;
using static Platform.Sandbox.Tests.Admission.WebhookConfigJson;

namespace Platform.Sandbox.Tests.Admission;

/// <summary>The webhook chain as the running API server calls it: patches stored, denials returned, warnings as headers.</summary>
public sealed class WebhookAdmissionThroughApiTests : IAsyncLifetime
{
    private const string ConfigMapRules = """[{"operations":["CREATE"],"apiGroups":[""],"apiVersions":["v1"],"resources":["configmaps"]}]""";
    private readonly SandboxHost host = new(o => o.EnableWebhookAdmission = true);
    private TestWebhookServer server = null!;

    public async Task InitializeAsync()
    {
        server = await TestWebhookServer.StartAsync();
        await host.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task A_mutating_webhook_changes_what_is_stored_and_its_warning_reaches_the_client()
    {
        server.On("/label", r => TestWebhookServer.RespondWithPatch(r, """[{"op":"add","path":"/metadata/labels","value":{"mutated":"yes"}}]""", "labelled by test"));
        var (configCode, configBody) = await host.PostAsync(
            "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations",
            JsonNode.Parse(Configuration("label", Webhook("label.platform.io", UrlConfig(server, "/label"), rules: ConfigMapRules)))!.AsObject());
        Assert.True(configCode == 201, configBody?.ToJsonString());

        using var response = await host.Http.PostAsync(
            "/api/v1/namespaces/default/configmaps",
            new StringContent("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"}}""", Encoding.UTF8, "application/json"));
        var (_, stored) = await host.GetAsync("/api/v1/namespaces/default/configmaps/cm");

        Assert.Equal(201, (int)response.StatusCode);
        Assert.Equal("yes", stored!["metadata"]!["labels"]!["mutated"]!.GetValue<string>());
        Assert.Contains(response.Headers.GetValues("Warning"), w => w.Contains("labelled by test", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_validating_webhook_denial_is_returned_as_the_status()
    {
        server.On("/deny", r => TestWebhookServer.Respond(r, false, new JsonObject
        {
            ["status"] = new JsonObject { ["code"] = 403, ["reason"] = "Forbidden", ["message"] = "configmaps are frozen" },
        }));
        var (configCode, configBody) = await host.PostAsync(
            "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations",
            JsonNode.Parse(Configuration("ValidatingWebhookConfiguration", "deny", Webhook("deny.platform.io", UrlConfig(server, "/deny"), rules: ConfigMapRules)))!.AsObject());

        Assert.True(configCode == 201, configBody?.ToJsonString());
        var (code, status) = await host.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"denied"}}""");
        var (missing, _) = await host.GetAsync("/api/v1/namespaces/default/configmaps/denied");

        Assert.Equal(403, code);
        Assert.Equal("admission webhook \"deny.platform.io\" denied the request: configmaps are frozen", status!["message"]!.GetValue<string>());
        Assert.Equal(404, missing);
    }
}
