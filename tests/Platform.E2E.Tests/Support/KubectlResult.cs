namespace Platform.E2E.Tests.Support;

/// <summary>What one kubectl invocation printed and returned.</summary>
public sealed record KubectlResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"kubectl {Command} → exit {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}
