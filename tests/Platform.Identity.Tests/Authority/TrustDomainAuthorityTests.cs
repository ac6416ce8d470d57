using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Platform.Identity.Authority;
using Platform.Identity.Signing;
using Platform.Identity.Spiffe;
using Platform.Identity.Svid;
using Platform.Identity.Tests.Support;

namespace Platform.Identity.Tests.Authority;

public sealed class TrustDomainAuthorityTests
{
    private static IssuedSvid Issue(TrustDomainAuthority authority, DateTimeOffset now, TimeSpan ttl)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.True(CertificationRequestReader.TryRead(WorkloadKeys.StubRequest(key), out var request, out _));
        return new SvidSigner().Issue(new SvidRequest(SpiffeId.Parse("spiffe://example.org/w"), [], request!.PublicKey, request.KeyType!.Value, ttl), authority.Active, now);
    }

    [Fact]
    public void First_start_creates_and_stores_a_root_with_the_ca_profile()
    {
        var (authority, time, store) = TestAuthority.Create();
        Assert.Equal(1, store.SaveCount);
        var ca = authority.Active.Certificate;
        Assert.True(authority.Active.IsSelfSigned);
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromHours(24), authority.Active.NotAfter);
        var basic = ca.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(basic.CertificateAuthority);
        Assert.True(basic.Critical);
        var usage = ca.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.True(usage.Critical);
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, usage.KeyUsages);
        Assert.Equal(["spiffe://example.org"], SubjectAlternativeNames.Read(ca).Uris);
        using var dir = new TempDirectory();
        var text = OpenSsl.Text(dir, ca.ExportCertificatePem());
        Assert.Contains("ASN1 OID: prime256v1", text, StringComparison.Ordinal);
        Assert.Equal(1, authority.Bundle.SequenceNumber);
    }

    [Fact]
    public async Task Restart_reuses_the_stored_ca()
    {
        var (first, time, store) = TestAuthority.Create();
        var thumbprint = first.Active.Certificate.Thumbprint;
        var (second, _, _) = TestAuthority.Create(time: time, store: store);
        Assert.Equal(thumbprint, second.Active.Certificate.Thumbprint);
        Assert.Equal(first.Bundle.SequenceNumber, second.Bundle.SequenceNumber);
        Assert.False(await second.RotateAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Corrupt_stored_state_is_replaced_by_a_new_ca()
    {
        var store = new InMemoryCaSecretStore();
        await store.SaveAsync(new Dictionary<string, byte[]> { ["journal.json"] = "{broken"u8.ToArray() }, CancellationToken.None);
        var (authority, _, _) = TestAuthority.Create(store: store);
        Assert.NotNull(authority.Active);
    }

    [Fact]
    public async Task Rotation_prepares_at_half_activates_at_five_sixths_and_prunes_after_last_svid()
    {
        var (authority, time, _) = TestAuthority.Create();
        var first = authority.Active;
        var published = new List<long>();
        authority.BundleChanged += (_, b) => published.Add(b.SequenceNumber!.Value);

        time.Advance(TimeSpan.FromHours(11.9));
        Assert.False(await authority.RotateAsync(CancellationToken.None));
        Assert.Single(authority.Bundle.X509Authorities);

        time.Advance(TimeSpan.FromHours(0.1));
        Assert.True(await authority.RotateAsync(CancellationToken.None));
        Assert.Equal(2, authority.Bundle.X509Authorities.Count);
        Assert.Same(first, authority.Active);

        time.Advance(TimeSpan.FromHours(7.9));
        Issue(authority, time.GetUtcNow(), TimeSpan.FromHours(1));
        Assert.False(await authority.RotateAsync(CancellationToken.None));

        time.Advance(TimeSpan.FromHours(0.1));
        Assert.True(await authority.RotateAsync(CancellationToken.None));
        Assert.NotSame(first, authority.Active);
        Assert.Equal(2, authority.Bundle.X509Authorities.Count);

        // The last SVID of the retired CA was issued at 19:54 for an hour.
        time.Advance(TimeSpan.FromMinutes(53));
        await authority.RotateAsync(CancellationToken.None);
        Assert.Equal(2, authority.Bundle.X509Authorities.Count);

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await authority.RotateAsync(CancellationToken.None));
        Assert.Single(authority.Bundle.X509Authorities);
        Assert.Equal([2L, 3L], published);
    }

    [Fact]
    public async Task Svids_issued_before_during_and_after_rotation_verify_against_the_published_bundle_at_every_moment()
    {
        var caTtl = TimeSpan.FromHours(6);
        var svidTtl = TimeSpan.FromHours(1);
        var (authority, time, _) = TestAuthority.Create(caTtl: caTtl);
        var verifier = new X509SvidVerifier(_ => authority.Bundle.X509Authorities);
        var live = new List<IssuedSvid>();
        var step = TimeSpan.FromMinutes(10);
        var openSslChecks = 0;
        using var dir = new TempDirectory();
        var cas = new HashSet<string>(StringComparer.Ordinal);
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(20); elapsed += step)
        {
            await authority.RotateAsync(CancellationToken.None);
            cas.Add(authority.Active.Certificate.Thumbprint);
            var issued = Issue(authority, time.GetUtcNow(), svidTtl);
            Assert.True(issued.NotAfter <= authority.Active.NotAfter);
            live.Add(issued);
            var now = time.GetUtcNow();
            live.RemoveAll(s => s.NotAfter <= now);
            foreach (var svid in live)
            {
                var result = verifier.Verify([X509CertificateLoader.LoadCertificate(svid.LeafDer)], now);
                Assert.True(result.IsValid, $"at +{elapsed}: {result.Error}");
            }

            if (elapsed.Ticks % TimeSpan.FromHours(2.5).Ticks == 0)
            {
                var (code, output) = OpenSsl.VerifyStrict(dir, authority.Bundle.ToPem(), live[0].ToPem(), now);
                Assert.True(code == 0, output);
                openSslChecks++;
            }

            time.Advance(step);
        }

        Assert.True(cas.Count >= 4, $"expected several CA generations, saw {cas.Count}");
        Assert.True(openSslChecks >= 4);
    }

    [Fact]
    public void No_svid_outlives_its_ca()
    {
        var (authority, time, _) = TestAuthority.Create(caTtl: TimeSpan.FromHours(6));
        time.Advance(TimeSpan.FromHours(4.9));
        var svid = Issue(authority, time.GetUtcNow(), TimeSpan.FromHours(5));
        Assert.Equal(authority.Active.NotAfter, svid.NotAfter);
    }

    [Fact]
    public async Task Expired_ca_after_long_outage_is_replaced_on_start()
    {
        var (first, time, store) = TestAuthority.Create();
        var old = first.Active.Certificate.Thumbprint;
        time.Advance(TimeSpan.FromDays(3));
        var (second, _, _) = TestAuthority.Create(time: time, store: store);
        Assert.NotEqual(old, second.Active.Certificate.Thumbprint);
        Assert.True(second.Active.NotAfter > time.GetUtcNow());
        await second.RotateAsync(CancellationToken.None);
        Assert.DoesNotContain(second.Bundle.X509Authorities, c => c.Thumbprint == old);
    }

    [Fact]
    public async Task Retired_ca_loaded_after_restart_stays_published_until_its_own_expiry()
    {
        var (first, time, store) = TestAuthority.Create();
        var old = first.Active.Certificate.Thumbprint;
        Issue(first, time.GetUtcNow(), TimeSpan.FromHours(1));
        var (second, _, _) = TestAuthority.Create(time: time, store: store);
        time.Advance(TimeSpan.FromHours(20));
        await second.RotateAsync(CancellationToken.None);
        Assert.NotEqual(old, second.Active.Certificate.Thumbprint);
        Assert.Contains(second.Bundle.X509Authorities, c => c.Thumbprint == old);
    }

    [Fact]
    public void Upstream_authority_signs_an_intermediate_and_svid_chains_verify_with_openssl()
    {
        using var upstreamKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var request = new CertificateRequest("CN=Upstream Root", upstreamKey, HashAlgorithmName.SHA384);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var start = TestAuthority.Start;
        using var root = request.CreateSelfSigned(start.AddDays(-1), start.AddDays(365));
        var data = new Dictionary<string, byte[]>
        {
            ["tls.crt"] = System.Text.Encoding.ASCII.GetBytes(root.ExportCertificatePem()),
            ["tls.key"] = System.Text.Encoding.ASCII.GetBytes(upstreamKey.ExportPkcs8PrivateKeyPem()),
        };
        var upstream = UpstreamAuthority.FromSecretData(data);
        var (authority, time, _) = TestAuthority.Create(upstream: upstream);
        Assert.False(authority.Active.IsSelfSigned);
        Assert.Equal(root.Thumbprint, Assert.Single(authority.Bundle.X509Authorities).Thumbprint);

        var svid = Issue(authority, time.GetUtcNow(), TimeSpan.FromHours(1));
        Assert.Equal(2, svid.ChainDer.Count);
        using var dir = new TempDirectory();
        var (code, output) = OpenSsl.VerifyStrict(dir, authority.Bundle.ToPem(), svid.ToPem(), time.GetUtcNow());
        Assert.True(code == 0, output);

        var verifier = new X509SvidVerifier(_ => authority.Bundle.X509Authorities);
        var chain = svid.ChainDer.Select(d => X509CertificateLoader.LoadCertificate(d)).ToList();
        Assert.True(verifier.Verify(chain, time.GetUtcNow()).IsValid);
    }

    [Theory]
    [InlineData("tls.key")]
    [InlineData("tls.crt")]
    public void Incomplete_upstream_secret_is_a_clear_error(string missing)
    {
        var data = new Dictionary<string, byte[]> { ["tls.crt"] = "x"u8.ToArray(), ["tls.key"] = "y"u8.ToArray() };
        data.Remove(missing);
        var exception = Assert.Throws<InvalidOperationException>(() => UpstreamAuthority.FromSecretData(data));
        Assert.Contains("must contain", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Upstream_key_that_does_not_match_the_certificate_is_refused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Upstream", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var root = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var data = new Dictionary<string, byte[]>
        {
            ["tls.crt"] = System.Text.Encoding.ASCII.GetBytes(root.ExportCertificatePem()),
            ["tls.key"] = System.Text.Encoding.ASCII.GetBytes(other.ExportPkcs8PrivateKeyPem()),
        };
        var exception = Assert.Throws<InvalidOperationException>(() => UpstreamAuthority.FromSecretData(data));
        Assert.Contains("does not match", exception.Message, StringComparison.Ordinal);
    }
}
