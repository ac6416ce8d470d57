using k8s;
using k8s.Models;
using Platform.Operator.Suite;
using Platform.Sandbox.Hosting;

namespace Platform.E2E.Tests.Support;

/// <summary>One running suite (API server, CRDs, webhook server) shared by a test collection.</summary>
public sealed class SuiteFixture : IAsyncLifetime
{
    private readonly string directory = Directory.CreateTempSubdirectory("platform-e2e-").FullName;
    private SandboxSuite? suite;
    private int namespaces;

    public SandboxSuite Suite => suite ?? throw new InvalidOperationException("the suite is not started");

    public Kubectl Kubectl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _ = Kubectl.Executable;
        suite = await SandboxSuite.StartAsync(new SandboxSuiteOptions
        {
            Sandbox = new SandboxOptions { KubeconfigPath = Path.Combine(directory, "sandbox.kubeconfig") },
        });
        Kubectl = new Kubectl(suite.KubeconfigPath!, Path.Combine(directory, "kubectl-cache"));
    }

    /// <summary>A fresh namespace, so tests never see each other's objects.</summary>
    public async Task<string> CreateNamespaceAsync(string prefix)
    {
        var name = $"{prefix}-{Interlocked.Increment(ref namespaces)}";
        await Suite.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    /// <summary>Creates <paramref name="name"/> unless it exists (the upstream examples name their namespace).</summary>
    public async Task EnsureNamespaceAsync(string name)
    {
        try
        {
            await Suite.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // Already there from an earlier test.
        }
    }

    public async Task DisposeAsync()
    {
        if (suite is not null)
        {
            await suite.DisposeAsync();
        }

        Directory.Delete(directory, recursive: true);
    }
}
