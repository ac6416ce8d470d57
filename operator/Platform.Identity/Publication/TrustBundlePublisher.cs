using System.Text;
using k8s.Models;
using Platform.Identity.Bundles;

namespace Platform.Identity.Publication;

/// <summary>
/// Renders the published forms of the trust bundle: a ClusterTrustBundle linked to our signer (projected into
/// pods with <c>clusterTrustBundle.signerName</c>), the per-namespace ConfigMap for clusters without
/// ClusterTrustBundle, and the SPIFFE bundle document served for federation. The reconciler applies them.
/// </summary>
internal sealed class TrustBundlePublisher(IdentityOptions options)
{
    /// <summary>ConfigMap name in every namespace.</summary>
    public const string ConfigMapName = "platform-spiffe-bundle";

    /// <summary>ConfigMap key holding the PEM bundle, named by trust domain as the KEP-4317 file layout proposes.</summary>
    public string ConfigMapKey => options.TrustDomain + ".trust-bundle.pem";

    /// <summary>Signer-linked ClusterTrustBundles must be named "&lt;signerName with '/' as ':'&gt;:&lt;suffix&gt;".</summary>
    public string ClusterTrustBundleName => options.SignerName.Replace('/', ':') + ":" + options.TrustDomain;

    public V1ClusterTrustBundle ClusterTrustBundle(SpiffeBundle bundle) => new()
    {
        ApiVersion = "certificates.k8s.io/v1",
        Kind = "ClusterTrustBundle",
        Metadata = new V1ObjectMeta
        {
            Name = ClusterTrustBundleName,
            Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "platform" },
            Annotations = SequenceAnnotation(bundle),
        },
        Spec = new V1ClusterTrustBundleSpec { SignerName = options.SignerName, TrustBundle = bundle.ToPem() },
    };

    public V1ConfigMap ConfigMap(string namespaceName, SpiffeBundle bundle) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta
        {
            Name = ConfigMapName,
            NamespaceProperty = namespaceName,
            Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "platform" },
            Annotations = SequenceAnnotation(bundle),
        },
        Data = new Dictionary<string, string>
        {
            [ConfigMapKey] = bundle.ToPem(),
            ["bundle.spiffe"] = Encoding.UTF8.GetString(SpiffeBundleCodec.Encode(bundle)),
        },
    };

    private static Dictionary<string, string> SequenceAnnotation(SpiffeBundle bundle) =>
        new() { ["spiffe.io/sequence"] = (bundle.SequenceNumber ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture) };
}
