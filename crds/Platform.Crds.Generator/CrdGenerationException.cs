namespace Platform.Crds.Generator;

/// <summary>The entity classes cannot be turned into valid CustomResourceDefinitions; the message names the type and field.</summary>
public sealed class CrdGenerationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CrdGenerationException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CrdGenerationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public CrdGenerationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
