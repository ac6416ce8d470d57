namespace Platform.Operator.Suite;

/// <summary>The suite could not be brought up inside the embedded control plane; the message says which step failed.</summary>
public sealed class SandboxSuiteStartException : Exception
{
    /// <summary>Creates the exception without details.</summary>
    public SandboxSuiteStartException()
    {
    }

    /// <summary>Creates the exception with a message naming the failed step.</summary>
    public SandboxSuiteStartException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying failure.</summary>
    public SandboxSuiteStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
