namespace Platform.Identity.Federation;

/// <summary>The SPIFFE bundle a bundle endpoint serves: the JSON document and the facts a server or test may need.</summary>
public sealed class BundleEndpointDocument
{
    internal BundleEndpointDocument(string trustDomain, byte[] json, long? sequence, int authorities)
    {
        TrustDomain = trustDomain;
        Json = json;
        Sequence = sequence;
        Authorities = authorities;
    }

    /// <summary>The trust domain whose bundle this is.</summary>
    public string TrustDomain { get; }

    /// <summary>The JWK Set (UTF-8 JSON) with <c>spiffe_sequence</c> and <c>spiffe_refresh_hint</c>.</summary>
    public ReadOnlyMemory<byte> Json { get; }

    /// <summary>The <c>spiffe_sequence</c> (null when the published bundle carries none).</summary>
    public long? Sequence { get; }

    /// <summary>How many X.509 authorities the bundle holds.</summary>
    public int Authorities { get; }
}
