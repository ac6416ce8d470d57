using System.Diagnostics;
using Platform.E2E.Tests.Support;
using Platform.Operator.Suite;
using Platform.Sandbox.Hosting;

namespace Platform.E2E.Tests.Sandbox;

/// <summary><c>platform sandbox</c>'s entry: ready line, a working kubeconfig, prompt shutdown.</summary>
public sealed class SandboxRunTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("platform-e2e-run-").FullName;

    [Fact]
    public async Task Run_prints_ready_with_the_kubeconfig_serves_kubectl_and_stops_within_five_seconds_when_cancelled()
    {
        var kubeconfig = Path.Combine(directory, "run.kubeconfig");
        var output = new LineWriter();
        using var stop = new CancellationTokenSource();
        var run = SandboxSuite.RunAsync(new SandboxSuiteOptions { Sandbox = new SandboxOptions { KubeconfigPath = kubeconfig } }, output, stop.Token);

        var ready = await output.WaitForLineAsync(l => l.Contains("ready", StringComparison.Ordinal), TimeSpan.FromSeconds(90), run);
        Assert.Contains(kubeconfig, ready, StringComparison.Ordinal);
        Assert.Single(output.Lines, l => l.Contains("ready", StringComparison.Ordinal));
        Assert.True(File.Exists(kubeconfig));

        var kubectl = new Kubectl(kubeconfig, Path.Combine(directory, "cache"));
        var ns = await kubectl.SucceedAsync(null, "get", "namespace", "platform-system", "-o", "name");
        Assert.Equal("namespace/platform-system", ns.StandardOutput.Trim());
        var refused = await kubectl.RunAsync("""
            apiVersion: networking.istio.io/v1
            kind: ServiceEntry
            metadata:
              name: refused
            spec:
              hosts: ["bad_host.example.com"]
            """, "apply", "-f", "-");
        Assert.Contains("""domain name "bad_host.example.com" invalid""", refused.StandardError, StringComparison.Ordinal);

        var stopwatch = Stopwatch.StartNew();
        await stop.CancelAsync();
        var exitCode = await run.WaitAsync(TimeSpan.FromSeconds(5));
        stopwatch.Stop();

        Assert.Equal(0, exitCode);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"stopped after {stopwatch.Elapsed}");
        var after = await kubectl.RunAsync(null, "get", "namespaces", "--request-timeout=5s");
        Assert.NotEqual(0, after.ExitCode);
    }

    [Fact]
    public async Task Run_writes_the_kubeconfig_to_sandbox_kubeconfig_by_default()
    {
        var options = new SandboxSuiteOptions();
        using var stop = new CancellationTokenSource();
        var cwd = Directory.GetCurrentDirectory();
        var output = new LineWriter();
        var run = SandboxSuite.RunAsync(options, output, stop.Token);
        try
        {
            var ready = await output.WaitForLineAsync(l => l.Contains("ready", StringComparison.Ordinal), TimeSpan.FromSeconds(90), run);
            Assert.Equal("sandbox.kubeconfig", options.Sandbox.KubeconfigPath);
            Assert.Contains(Path.Combine(cwd, "sandbox.kubeconfig"), ready, StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(5));
            File.Delete(Path.Combine(cwd, "sandbox.kubeconfig"));
        }
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
