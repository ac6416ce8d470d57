namespace Platform.Sandbox.Tests.Infrastructure;

/// <summary>
/// A sandbox that writes its kubeconfig into a fresh temporary directory, and the real kubectl pointed at it; manifests
/// for <c>kubectl -f</c> go into the same directory, which is deleted with the sandbox.
/// </summary>
public sealed class KubectlSandbox : IAsyncLifetime
{
    private readonly SandboxHost _host;

    /// <param name="directoryPrefix">Names the temporary directory, so a leftover one points at its test.</param>
    public KubectlSandbox(string directoryPrefix)
    {
        WorkingDirectory = Path.Combine(Path.GetTempPath(), directoryPrefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(WorkingDirectory);
        _host = new SandboxHost(o => o.KubeconfigPath = Path.Combine(WorkingDirectory, "kubeconfig"));
    }

    /// <summary>Holds the kubeconfig, kubectl's discovery cache and the files <see cref="Write"/> creates.</summary>
    public string WorkingDirectory { get; }

    /// <summary>kubectl against this sandbox (after <see cref="InitializeAsync"/>).</summary>
    public KubectlRunner Kubectl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        Kubectl = new KubectlRunner(_host.Server.KubeconfigPath!, Path.Combine(WorkingDirectory, "cache"));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(WorkingDirectory, recursive: true);
    }

    /// <summary>Writes (or overwrites) a manifest in the working directory and returns its path.</summary>
    public string Write(string name, string yaml)
    {
        var path = Path.Combine(WorkingDirectory, name);
        File.WriteAllText(path, yaml);
        return path;
    }
}
