using System.Diagnostics;

namespace Platform.Sandbox.Tests.Infrastructure;

/// <summary>Runs the real kubectl on PATH against a kubeconfig, with its own discovery cache.</summary>
public sealed class KubectlRunner(string kubeconfig, string cacheDirectory)
{
    /// <summary>Runs kubectl and requires exit code 0; returns stdout.</summary>
    public async Task<string> RunOkAsync(params string[] args)
    {
        var (code, stdout, stderr) = await RunAsync(args);
        Assert.True(code == 0, $"kubectl {string.Join(' ', args)} exited {code}: {stderr}{stdout}");
        return stdout;
    }

    public async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("--kubeconfig");
        psi.ArgumentList.Add(kubeconfig);
        psi.Environment["KUBECACHEDIR"] = cacheDirectory;
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not return within 60 s");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
