namespace Platform.Identity.Controllers;

/// <summary>Annotation names the trust-bundle publisher writes (see TrustBundlePublisher).</summary>
internal static class TrustBundleAnnotations
{
    /// <summary>The <c>spiffe_sequence</c> of the published bundle.</summary>
    public const string Sequence = "spiffe.io/sequence";

    /// <summary>The value under <paramref name="key"/>, null when absent.</summary>
    public static string? Value(IDictionary<string, string>? map, string key) =>
        map is not null && map.TryGetValue(key, out var value) ? value : null;
}
