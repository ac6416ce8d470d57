using System.Text.Json.Nodes;
using Platform.Sandbox.Hosting;
using Platform.Sandbox.Tests.Admission;
using Platform.Sandbox.Tests.Infrastructure;
using static Platform.Sandbox.Tests.Admission.WebhookConfigJson;

namespace Platform.Sandbox.Tests;

/// <summary>
/// Stopping the sandbox (SIGINT on `platform sandbox`, every test's dispose) ends open watches and in-flight
/// requests instead of waiting for them: disposal finishes within a few seconds.
/// </summary>
public sealed class ShutdownTests
{
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Disposing_the_server_ends_open_watches_and_returns_promptly()
    {
        var server = await SandboxServer.StartAsync(new SandboxOptions { EnableSchemaValidation = false, EnableWebhookAdmission = false });
        using var http = SandboxHost.CreateHttp(server, server.AdminToken);
        using var watch = await http.GetAsync("/api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=600", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)watch.StatusCode);
        await using var stream = await watch.Content.ReadAsStreamAsync();
        var drained = DrainAsync(stream);

        var disposal = server.DisposeAsync().AsTask();

        Assert.Same(disposal, await Task.WhenAny(disposal, Task.Delay(Promptly)));
        await disposal;
        Assert.Same(drained, await Task.WhenAny(drained, Task.Delay(Promptly)));
    }

    [Fact]
    public async Task Disposing_the_server_does_not_wait_for_a_request_stuck_in_admission()
    {
        await using var webhooks = await TestWebhookServer.StartAsync();
        var release = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        webhooks.OnAsync("/hang", _ => release.Task);
        var server = await SandboxServer.StartAsync(new SandboxOptions { EnableSchemaValidation = false, EnableWebhookAdmission = true });
        try
        {
            using var http = SandboxHost.CreateHttp(server, server.AdminToken);
            var configured = await http.PostAsync("/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations",
                new StringContent(Configuration("hang", Webhook("hang.platform.io", UrlConfig(webhooks, "/hang"),
                    rules: """[{"operations":["CREATE"],"apiGroups":[""],"apiVersions":["v1"],"resources":["configmaps"]}]""", timeoutSeconds: 30)),
                    System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(201, (int)configured.StatusCode);
            var stuck = http.PostAsync("/api/v1/namespaces/default/configmaps",
                new StringContent("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"stuck"}}""", System.Text.Encoding.UTF8, "application/json"));
            await Eventually(() => webhooks.CallsTo("/hang") > 0);

            var disposal = server.DisposeAsync().AsTask();

            Assert.Same(disposal, await Task.WhenAny(disposal, Task.Delay(Promptly)));
            await disposal;
            await Assert.ThrowsAnyAsync<Exception>(async () => (await stuck).EnsureSuccessStatusCode());
        }
        finally
        {
            release.TrySetResult(new JsonObject());
            await server.DisposeAsync();
        }
    }

    private static async Task DrainAsync(Stream stream)
    {
        var buffer = new byte[4096];
        try
        {
            while (await stream.ReadAsync(buffer) > 0)
            {
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
        {
            // An aborted stream ends the watch as surely as a clean end of stream.
        }
    }

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition());
    }
}
