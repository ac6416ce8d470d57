using k8s;
using Microsoft.Extensions.Time.Testing;
using Platform.Sandbox.Cluster;
using Platform.Sandbox.Hosting;
using Platform.Testing.Polling;

namespace Platform.Sandbox.Tests.Cluster;

public sealed class KubeletRestartTests
{
    [Fact]
    public async Task A_restarted_cluster_keeps_running_pods_and_their_addresses()
    {
        var dir = Path.Combine(Path.GetTempPath(), "platform-cluster-restart-" + Guid.NewGuid().ToString("N"));
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { EnableSchemaValidation = false, EnableWebhookAdmission = false });
        using var client = server.CreateClient();
        var options = new SimulatedClusterOptions { Nodes = 1, WorkingDirectory = dir, TimeProvider = new FakeTimeProvider(DateTimeOffset.UtcNow) };
        try
        {
            var first = await SimulatedCluster.StartAsync(server, options);
            await client.CoreV1.CreateNamespacedPodAsync(PodBuilder.Pod("survivor"), "default");
            var before = await Eventually.GetAsync(async () => await client.CoreV1.ReadNamespacedPodAsync("survivor", "default") is var p && PodBuilder.IsReady(p) ? p : null, "pod ready");
            await first.StopAsync();

            await using var second = await SimulatedCluster.StartAsync(server, options);
            await client.CoreV1.CreateNamespacedPodAsync(PodBuilder.Pod("newcomer"), "default");
            var newcomer = await Eventually.GetAsync(async () => await client.CoreV1.ReadNamespacedPodAsync("newcomer", "default") is var p && PodBuilder.IsReady(p) ? p : null, "new pod ready");

            var after = await client.CoreV1.ReadNamespacedPodAsync("survivor", "default");
            Assert.True(PodBuilder.IsReady(after));
            Assert.Equal(before.Status.PodIP, after.Status.PodIP);
            Assert.Equal(before.Metadata.ResourceVersion, after.Metadata.ResourceVersion);
            Assert.NotEqual(before.Status.PodIP, newcomer.Status.PodIP);
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
