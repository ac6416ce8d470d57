using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Platform.Identity.Controllers;
using Platform.Identity.Svid;
using Platform.Identity.Tests.Support;
using Platform.Testing.Polling;

namespace Platform.Identity.Tests.Controllers;

/// <summary>
/// CA rotation driven by the identity clock: the next CA is published at half the active CA's life (bundle
/// sequence bumped in the ClusterTrustBundle and every namespace's ConfigMap) and signs from 5/6 on; SVIDs
/// issued before and after verify against the bundle published at that moment; a CA whose SVIDs all expired is dropped.
/// </summary>
public sealed class CaRotationTests(RotatingIdentityControlPlane fixture) : IClassFixture<RotatingIdentityControlPlane>
{
    private IdentityControlPlane Plane => fixture.Plane;

    private IKubernetes Client => fixture.Plane.Client;

    [Fact]
    public async Task The_next_CA_is_published_at_half_life_and_signs_after_five_sixths_while_old_SVIDs_keep_verifying()
    {
        var ns = await Plane.NamespaceAsync("rot");
        var before = await Plane.RunCertificatePodAsync(ns, "before");
        var (_, oldChain, oldChainPem) = await Plane.CredentialsAsync(before);
        var firstBundle = await Plane.PublishedBundleAsync();
        Assert.Single(Certificates(firstBundle));
        var firstSequence = await SequenceAsync();
        var firstMap = await ConfigMapAsync(ns, firstSequence);

        // Half of the 24 h CA life: the next CA is prepared and published next to the active one.
        fixture.Time.Advance(TimeSpan.FromHours(12) + TimeSpan.FromMinutes(1));
        var published = await Eventually.GetAsync(
            async () => await Plane.PublishedBundleAsync() is var pem && Certificates(pem).Count == 2 ? pem : null, "the prepared CA in the ClusterTrustBundle");
        var secondSequence = await SequenceAsync();
        Assert.True(long.Parse(secondSequence, System.Globalization.CultureInfo.InvariantCulture) > long.Parse(firstSequence, System.Globalization.CultureInfo.InvariantCulture));
        var map = await ConfigMapAsync(ns, secondSequence);
        Assert.Equal(published, map.Data["example.org.trust-bundle.pem"]);
        Assert.NotEqual(firstMap.Data["example.org.trust-bundle.pem"], map.Data["example.org.trust-bundle.pem"]);
        AssertVerifies(published, oldChain, oldChainPem, fixture.Time.GetUtcNow().AddMinutes(-1) - TimeSpan.FromHours(12));
        Assert.Equal(oldChain[0].Issuer, Certificates(published)[0].Subject);

        // Past 5/6 the prepared CA is active: a new pod's SVID chains to it and verifies against the same bundle.
        fixture.Time.Advance(TimeSpan.FromHours(8));
        var authority = Plane.Services.GetRequiredService<AuthorityLifecycle>().Authority;
        var firstRoot = Certificates(firstBundle)[0];
        await Eventually.GetAsync(
            () => Task.FromResult(authority.Active.Certificate.Thumbprint != firstRoot.Thumbprint ? authority.Active : null), "the next CA activated");
        var after = await Plane.RunCertificatePodAsync(ns, "after");
        var (_, newChain, newChainPem) = await Plane.CredentialsAsync(after);
        var bundleNow = await Plane.PublishedBundleAsync();
        var roots = Certificates(bundleNow);
        Assert.Equal(authority.Active.Certificate.Thumbprint, Assert.Single(roots, r => r.Subject == newChain[0].Issuer).Thumbprint);
        Assert.NotEqual(firstRoot.Subject, newChain[0].Issuer);
        AssertVerifies(bundleNow, newChain, newChainPem, fixture.Time.GetUtcNow());

        // Every SVID the first CA signed has expired by now, so it is retired from the bundle (sequence bumped again).
        Assert.True(oldChain[0].NotAfter.ToUniversalTime() < fixture.Time.GetUtcNow().UtcDateTime);
        var trimmed = await Eventually.GetAsync(
            async () => await Plane.PublishedBundleAsync() is var pem && Certificates(pem).Count == 1 ? pem : null, "the retired CA dropped from the bundle");
        Assert.Equal(authority.Active.Certificate.Thumbprint, Certificates(trimmed)[0].Thumbprint);
        await ConfigMapAsync(ns, await SequenceAsync());
    }

    private async Task<string> SequenceAsync()
    {
        var name = Plane.Options.SignerName.Replace('/', ':') + ":" + IdentityControlPlane.TrustDomain;
        var bundle = (await Client.CertificatesV1.ListClusterTrustBundleAsync()).Items.Single(b => b.Metadata.Name == name);
        return bundle.Metadata.Annotations["spiffe.io/sequence"];
    }

    private async Task<V1ConfigMap> ConfigMapAsync(string ns, string sequence) =>
        await Eventually.GetAsync(
            async () => (await Client.CoreV1.ListNamespacedConfigMapAsync(ns)).Items.FirstOrDefault(c =>
                c.Metadata.Name == "platform-spiffe-bundle" && c.Metadata.Annotations?["spiffe.io/sequence"] == sequence),
            $"the ConfigMap at sequence {sequence}");

    private static List<X509Certificate2> Certificates(string pem)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(pem);
        return [.. collection];
    }

    private static void AssertVerifies(string rootsPem, List<X509Certificate2> chain, string chainPem, DateTimeOffset at)
    {
        using var dir = new TempDirectory();
        var (code, output) = OpenSsl.VerifyStrict(dir, rootsPem, chainPem, at);
        Assert.True(code == 0, output);
        var roots = Certificates(rootsPem);
        var result = new X509SvidVerifier(td => td.Name == IdentityControlPlane.TrustDomain ? roots : null).Verify(chain, at);
        Assert.True(result.IsValid, result.Error);
    }
}
