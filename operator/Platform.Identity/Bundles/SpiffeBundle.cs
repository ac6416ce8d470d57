using System.Security.Cryptography.X509Certificates;
using Platform.Identity.Spiffe;

namespace Platform.Identity.Bundles;

/// <summary>A trust domain's SPIFFE bundle: its X.509 authorities plus sequence number and refresh hint.</summary>
public sealed class SpiffeBundle
{
    /// <summary>Creates a bundle.</summary>
    public SpiffeBundle(TrustDomain trustDomain, IReadOnlyList<X509Certificate2> x509Authorities, long? sequenceNumber, TimeSpan? refreshHint)
    {
        TrustDomain = trustDomain;
        X509Authorities = x509Authorities;
        SequenceNumber = sequenceNumber;
        RefreshHint = refreshHint;
    }

    /// <summary>The trust domain the authorities belong to.</summary>
    public TrustDomain TrustDomain { get; }

    /// <summary>The X.509 CA certificates (entries with <c>use: x509-svid</c>).</summary>
    public IReadOnlyList<X509Certificate2> X509Authorities { get; }

    /// <summary><c>spiffe_sequence</c>: increases on every content change.</summary>
    public long? SequenceNumber { get; }

    /// <summary><c>spiffe_refresh_hint</c>: how often consumers should poll.</summary>
    public TimeSpan? RefreshHint { get; }

    /// <summary>The authorities as a PEM bundle (what ClusterTrustBundle / ConfigMaps carry).</summary>
    public string ToPem() => string.Concat(X509Authorities.Select(c => c.ExportCertificatePem() + "\n"));
}
