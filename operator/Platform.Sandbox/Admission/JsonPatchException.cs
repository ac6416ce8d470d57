namespace Platform.Sandbox.Admission;

/// <summary>A JSON Patch (RFC 6902) that cannot be applied to the document.</summary>
public sealed class JsonPatchException : Exception
{
    public JsonPatchException()
    {
    }

    public JsonPatchException(string message)
        : base(message)
    {
    }

    public JsonPatchException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
