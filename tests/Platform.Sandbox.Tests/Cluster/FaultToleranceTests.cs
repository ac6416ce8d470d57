using k8s;
using Microsoft.Extensions.Time.Testing;
using Platform.Sandbox.Cluster;
using Platform.Sandbox.Faults;
using Platform.Sandbox.Hosting;
using Platform.Testing.Polling;

namespace Platform.Sandbox.Tests.Cluster;

public sealed class FaultToleranceTests
{
    [Fact]
    public async Task Components_recover_from_closed_and_expired_watches_and_failing_requests()
    {
        var dir = Path.Combine(Path.GetTempPath(), "platform-cluster-faults-" + Guid.NewGuid().ToString("N"));
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { EnableSchemaValidation = false, EnableWebhookAdmission = false });
        using var client = server.CreateClient();
        try
        {
            await using var cluster = await SimulatedCluster.StartAsync(server,
                new SimulatedClusterOptions { Nodes = 1, WorkingDirectory = dir, TimeProvider = new FakeTimeProvider(DateTimeOffset.UtcNow) });

            server.Faults.ExpireNextWatches(20);
            server.Faults.CloseAllWatches();
            await client.CoreV1.CreateNamespacedPodAsync(PodBuilder.Pod("first"), "default");
            await Eventually.TrueAsync(async () => PodBuilder.IsReady(await client.CoreV1.ReadNamespacedPodAsync("first", "default")), "pod ready after 410s");

            // Injected 500s hit whichever component asks next; the work queues retry.
            server.Faults.FailNextRequests(5, RequestFault.InternalError);
            await Eventually.TrueAsync(async () =>
            {
                try
                {
                    await client.CoreV1.CreateNamespacedPodAsync(PodBuilder.Pod("second"), "default");
                    return true;
                }
                catch (k8s.Autorest.HttpOperationException)
                {
                    return false;
                }
            }, "pod creation once the injected failures are used up");
            await Eventually.TrueAsync(async () => PodBuilder.IsReady(await client.CoreV1.ReadNamespacedPodAsync("second", "default")), "pod ready after 500s");
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
