using System.Diagnostics;

namespace Platform.Identity.Tests.Support;

/// <summary>Runs the openssl CLI as an independent verifier.</summary>
internal static class OpenSsl
{
    public static (int ExitCode, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit(60_000);
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary><c>openssl verify -x509_strict</c> of a leaf (+ untrusted intermediates) against a CA file at a given time.</summary>
    public static (int ExitCode, string Output) VerifyStrict(TempDirectory dir, string rootsPem, string chainPem, DateTimeOffset at)
    {
        var roots = dir.Write("roots.pem", rootsPem);
        var blocks = chainPem.Split("-----END CERTIFICATE-----", StringSplitOptions.RemoveEmptyEntries)
            .Where(b => b.Contains("BEGIN", StringComparison.Ordinal))
            .Select(b => b.Trim() + "\n-----END CERTIFICATE-----\n")
            .ToList();
        var leaf = dir.Write("leaf.pem", blocks[0]);
        var args = new List<string> { "verify", "-x509_strict", "-purpose", "any", "-attime", at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), "-CAfile", roots };
        if (blocks.Count > 1)
        {
            args.Add("-untrusted");
            args.Add(dir.Write("intermediates.pem", string.Concat(blocks.Skip(1))));
        }

        args.Add(leaf);
        return Run([.. args]);
    }

    public static string Text(TempDirectory dir, string certificatePem)
    {
        var (code, output) = Run("x509", "-noout", "-text", "-in", dir.Write("text.pem", certificatePem));
        Assert.True(code == 0, output);
        return output;
    }
}
