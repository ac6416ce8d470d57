namespace Platform.Testing.FakeApi;

/// <summary>A request the fake API server received.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, string? ContentType, string Body)
{
    /// <summary>Whether this is a watch request.</summary>
    public bool IsWatch => Query.Contains("watch=1", StringComparison.Ordinal) || Query.Contains("watch=true", StringComparison.Ordinal);
}
