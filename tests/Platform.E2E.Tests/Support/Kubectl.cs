using System.Diagnostics;

namespace Platform.E2E.Tests.Support;

/// <summary>
/// Runs the real kubectl from PATH against a kubeconfig. A missing kubectl fails the test loudly: these tests
/// exist to prove the suite works with the client users actually have.
/// </summary>
public sealed class Kubectl
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly string kubeconfig;
    private readonly string cacheDirectory;

    public Kubectl(string kubeconfig, string cacheDirectory)
    {
        this.kubeconfig = kubeconfig;
        this.cacheDirectory = cacheDirectory;
    }

    public static string Executable { get; } = Find();

    /// <summary>Runs <c>kubectl --kubeconfig … args</c>, feeding <paramref name="stdin"/> when given.</summary>
    public async Task<KubectlResult> RunAsync(string? stdin, params string[] args)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(kubeconfig);
        start.ArgumentList.Add("--cache-dir");
        start.ArgumentList.Add(cacheDirectory);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("KUBECONFIG");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Executable}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not finish within {CommandTimeout.TotalSeconds} s");
        }

        return new KubectlResult(string.Join(' ', args), process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Like <see cref="RunAsync"/> but fails the test unless kubectl exits 0.</summary>
    public async Task<KubectlResult> SucceedAsync(string? stdin, params string[] args)
    {
        var result = await RunAsync(stdin, args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private static string Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "kubectl");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("kubectl was not found on PATH; the end-to-end tests drive the real kubectl and cannot run without it");
    }
}
