using System.Security.Cryptography.X509Certificates;
using Platform.Identity.Bundles;
using Platform.Identity.Publication;
using Platform.Identity.Tests.Support;

namespace Platform.Identity.Tests.Publication;

public sealed class TrustBundlePublisherTests
{
    [Fact]
    public void Cluster_trust_bundle_is_signer_linked_and_carries_every_published_ca()
    {
        var (authority, time, _) = TestAuthority.Create();
        time.Advance(TimeSpan.FromHours(12));
        authority.RotateAsync(CancellationToken.None).GetAwaiter().GetResult();
        var publisher = new TrustBundlePublisher(new IdentityOptions { TrustDomain = "example.org" });

        var ctb = publisher.ClusterTrustBundle(authority.Bundle);
        Assert.Equal("platform.io:spiffe:example.org", ctb.Metadata.Name);
        Assert.StartsWith(ctb.Spec.SignerName.Replace('/', ':') + ":", ctb.Metadata.Name, StringComparison.Ordinal);
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(ctb.Spec.TrustBundle);
        Assert.Equal(2, certificates.Count);
        Assert.Equal(authority.Bundle.SequenceNumber.ToString(), ctb.Metadata.Annotations["spiffe.io/sequence"]);
    }

    [Fact]
    public void Config_map_has_pem_and_spiffe_bundle_forms()
    {
        var (authority, _, _) = TestAuthority.Create();
        var publisher = new TrustBundlePublisher(new IdentityOptions { TrustDomain = "example.org" });
        var configMap = publisher.ConfigMap("shop", authority.Bundle);
        Assert.Equal(("platform-spiffe-bundle", "shop"), (configMap.Metadata.Name, configMap.Metadata.NamespaceProperty));
        Assert.Equal(authority.Bundle.ToPem(), configMap.Data["example.org.trust-bundle.pem"]);
        var decoded = SpiffeBundleCodec.Decode(authority.TrustDomain, System.Text.Encoding.UTF8.GetBytes(configMap.Data["bundle.spiffe"]));
        Assert.Equal(authority.Bundle.SequenceNumber, decoded.SequenceNumber);
    }
}
