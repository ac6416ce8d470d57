using Platform.Identity.Authority;

namespace Platform.Identity;

/// <summary>Settings of the workload-identity feature (bound from configuration section <c>Identity</c>).</summary>
public sealed class IdentityOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Identity";

    /// <summary>The trust domain, e.g. <c>example.org</c>.</summary>
    public string TrustDomain { get; set; } = "cluster.local";

    /// <summary>Cluster name offered to templates as <c>.ClusterName</c>.</summary>
    public string ClusterName { get; set; } = "cluster";

    /// <summary>Cluster DNS domain offered to templates as <c>.ClusterDomain</c>.</summary>
    public string ClusterDomain { get; set; } = "cluster.local";

    /// <summary>signerName of PodCertificateRequests and CertificateSigningRequests we sign.</summary>
    public string SignerName { get; set; } = "platform.io/spiffe";

    /// <summary>Only ClusterSPIFFEIDs with this className are ours (empty: those without a className).</summary>
    public string ClassName { get; set; } = string.Empty;

    /// <summary>Also act on ClusterSPIFFEIDs without a className when <see cref="ClassName"/> is set.</summary>
    public bool WatchClassless { get; set; }

    /// <summary>Namespaces whose pods get no identity from ClusterSPIFFEIDs (counted as namespacesIgnored).</summary>
    public List<string> IgnoreNamespaces { get; set; } = ["kube-system", "kube-public", "platform-system"];

    /// <summary>Key type of a CA created by the suite.</summary>
    public CaKeyType CaKeyType { get; set; } = CaKeyType.EcP256;

    /// <summary>Lifetime of each CA generation (SPIRE <c>ca_ttl</c> default 24h).</summary>
    public TimeSpan CaTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>X509-SVID lifetime when the policy sets none (SPIRE default 1h).</summary>
    public TimeSpan DefaultSvidTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary><c>spiffe_refresh_hint</c> of the published bundle (SPIRE bundle endpoint default 5m).</summary>
    public TimeSpan BundleRefreshHint { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Name of the Secret (suite namespace) holding the CA.</summary>
    public string CaSecretName { get; set; } = "platform-identity-ca";

    /// <summary>
    /// Secret (suite namespace) with an upstream CA (<c>tls.crt</c>, <c>tls.key</c>, optional <c>ca.crt</c>); empty for a
    /// self-signed root. Read at the start of every leadership term; while it is missing or unusable nothing is signed
    /// (requests stay pending) and the suite never falls back to a self-signed root.
    /// </summary>
    public string UpstreamCaSecretName { get; set; } = string.Empty;

    /// <summary>Wait before retrying to load the CA (upstream Secret missing or malformed, API unreachable).</summary>
    public TimeSpan CaRetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>unverifiedUserAnnotations keys this signer accepts; any other key is denied.</summary>
    public List<string> AllowedUserAnnotations { get; set; } = [];
}
