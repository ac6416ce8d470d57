namespace Platform.Webhooks.LoadBalancer;

/// <summary>The existing IPAddressPools could not be read, so a pool or advertisement cannot be judged.</summary>
public sealed class PoolListingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PoolListingException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public PoolListingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public PoolListingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
