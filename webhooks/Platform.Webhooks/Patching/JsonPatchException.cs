namespace Platform.Webhooks.Patching;

/// <summary>A JSON Patch operation that cannot be applied to the document.</summary>
internal sealed class JsonPatchException(string message) : Exception(message);
