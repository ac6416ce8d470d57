namespace Platform.Sandbox.Rest;

/// <summary>The object changed between read and commit; patch retries, PUT answers 409.</summary>
internal sealed class StaleObjectException : Exception
{
    public StaleObjectException()
        : base("the object has been modified")
    {
    }

    public StaleObjectException(string message)
        : base(message)
    {
    }

    public StaleObjectException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
