using System.Diagnostics;

namespace Platform.E2E.Tests.Identity;

/// <summary>The openssl CLI: an independent issuer of the upstream CA and an independent verifier of the issued chains.</summary>
internal static class OpenSslCli
{
    public static (int ExitCode, string Output) Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "openssl did not finish within a minute");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>A self-signed EC P-256 CA (root.crt, root.key PKCS#8) made by openssl itself.</summary>
    public static (string CertificatePem, string KeyPem) CreateRootCa(string directory, string commonName)
    {
        var (code, output) = Run(
            directory, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "root.key", "-out", "root.crt",
            "-subj", $"/O=Corp/CN={commonName}", "-days", "30", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        Assert.True(code == 0, output);
        return (File.ReadAllText(Path.Combine(directory, "root.crt")), File.ReadAllText(Path.Combine(directory, "root.key")));
    }

    /// <summary><c>openssl verify -x509_strict</c> of the leaf with the rest of the chain as untrusted intermediates.</summary>
    public static (int ExitCode, string Output) VerifyStrict(string directory, string rootsPem, IReadOnlyList<string> chainPems)
    {
        File.WriteAllText(Path.Combine(directory, "verify-roots.pem"), rootsPem);
        File.WriteAllText(Path.Combine(directory, "verify-leaf.pem"), chainPems[0]);
        var arguments = new List<string> { "verify", "-x509_strict", "-purpose", "any", "-CAfile", "verify-roots.pem" };
        if (chainPems.Count > 1)
        {
            File.WriteAllText(Path.Combine(directory, "verify-untrusted.pem"), string.Concat(chainPems.Skip(1)));
            arguments.Add("-untrusted");
            arguments.Add("verify-untrusted.pem");
        }

        arguments.Add("verify-leaf.pem");
        return Run(directory, [.. arguments]);
    }
}
