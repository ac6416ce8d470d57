using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Platform.Sandbox.Cluster;
using Platform.Sandbox.Hosting;

namespace Platform.Sandbox.Tests.Cluster;

/// <summary>A real <see cref="SandboxServer"/> with a two-node <see cref="SimulatedCluster"/>, both on one fake clock.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public SandboxServer Server { get; private set; } = null!;

    public SimulatedCluster Cluster { get; private set; } = null!;

    public Kubernetes Client { get; private set; } = null!;

    public string WorkingDirectory { get; } = Path.Combine(Path.GetTempPath(), "platform-cluster-tests-" + Guid.NewGuid().ToString("N"));

    public SimulatedClusterOptions Options { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // One clock for server and nodes: the server checks an issued certificate's notBefore against its own time.
        Server = await SandboxServer.StartAsync(new SandboxOptions { EnableSchemaValidation = false, EnableWebhookAdmission = false, TimeProvider = Time });
        Client = Server.CreateClient();
        Options = new SimulatedClusterOptions { Nodes = 2, WorkingDirectory = WorkingDirectory, TimeProvider = Time };
        Cluster = await SimulatedCluster.StartAsync(Server, Options);
    }

    /// <summary>A fresh namespace per test, so tests sharing the fixture do not see each other's pods.</summary>
    public async Task<string> NamespaceAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Client.Dispose();
        await Server.DisposeAsync();
        if (Directory.Exists(WorkingDirectory))
        {
            Directory.Delete(WorkingDirectory, recursive: true);
        }
    }
}
