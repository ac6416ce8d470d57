using System.Text.Json;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Identity.Bundles;
using Platform.Identity.Federation;
using Platform.Identity.Publication;
using Platform.Identity.Spiffe;
using Platform.Identity.Tests.Support;

namespace Platform.Identity.Tests.Federation;

/// <summary>The bundle endpoint's document, built from the ClusterTrustBundle as every replica's cache sees it.</summary>
public sealed class BundleEndpointSourceTests
{
    private readonly IdentityOptions options = new() { TrustDomain = "example.org", BundleRefreshHint = TimeSpan.FromSeconds(300) };
    private readonly SingleBundleCache cache = new();

    [Fact]
    public void Nothing_is_served_before_the_ClusterTrustBundle_is_published()
    {
        Assert.Null(Source().Current());
    }

    [Fact]
    public void The_document_carries_the_published_authorities_sequence_and_refresh_hint()
    {
        var (authority, time, _) = TestAuthority.Create();
        time.Advance(TimeSpan.FromHours(12));
        authority.RotateAsync(CancellationToken.None).GetAwaiter().GetResult();
        var publisher = new TrustBundlePublisher(options);
        cache.Bundle = publisher.ClusterTrustBundle(authority.Bundle);

        var source = Source();
        var document = source.Current();
        Assert.NotNull(document);
        Assert.Equal(2, document.Authorities);
        Assert.Equal(authority.Bundle.SequenceNumber, document.Sequence);
        var decoded = SpiffeBundleCodec.Decode(TrustDomain.Parse("example.org"), document.Json.Span);
        Assert.Equal(authority.Bundle.X509Authorities.Select(c => c.Thumbprint), decoded.X509Authorities.Select(c => c.Thumbprint));
        Assert.Equal(TimeSpan.FromSeconds(300), decoded.RefreshHint);
        using var json = JsonDocument.Parse(document.Json);
        Assert.All(json.RootElement.GetProperty("keys").EnumerateArray(), k => Assert.Equal("x509-svid", k.GetProperty("use").GetString()));
        Assert.Same(document, source.Current());
    }

    [Theory]
    [InlineData("not PEM at all")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")]
    public void A_ClusterTrustBundle_that_is_not_a_usable_bundle_is_not_served(string pem)
    {
        cache.Bundle = new V1ClusterTrustBundle
        {
            Metadata = new V1ObjectMeta { Name = new TrustBundlePublisher(options).ClusterTrustBundleName },
            Spec = new V1ClusterTrustBundleSpec { SignerName = options.SignerName, TrustBundle = pem },
        };
        Assert.Null(Source().Current());
    }

    private BundleEndpointSource Source() =>
        new(cache, new TrustBundlePublisher(options), options, NullLogger<BundleEndpointSource>.Instance);
}
