using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1.X509;
using Platform.Identity.Authority;
using Platform.Identity.Signing;
using Platform.Identity.Spiffe;
using Platform.Identity.Svid;
using Platform.Identity.Tests.Support;

namespace Platform.Identity.Tests.Signing;

public sealed class SvidSignerTests
{
    private static IssuedSvid IssueFor(TrustDomainAuthority authority, AsymmetricAlgorithm key, string id, TimeSpan ttl, DateTimeOffset now, params string[] dns)
    {
        Assert.True(CertificationRequestReader.TryRead(WorkloadKeys.StubRequest(key), out var request, out var error), error);
        var svidRequest = new SvidRequest(SpiffeId.Parse(id), dns, request!.PublicKey, request.KeyType!.Value, ttl);
        return new SvidSigner().Issue(svidRequest, authority.Active, now);
    }

    [Theory]
    [InlineData(CaKeyType.EcP256)]
    [InlineData(CaKeyType.EcP384)]
    [InlineData(CaKeyType.Rsa3072)]
    public void Issued_svid_passes_openssl_x509_strict_and_our_verifier(CaKeyType caKeyType)
    {
        var (authority, time, _) = TestAuthority.Create(keyType: caKeyType);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var svid = IssueFor(authority, key, "spiffe://example.org/ns/default/sa/web", TimeSpan.FromHours(1), time.GetUtcNow(), "web.default.svc");

        using var dir = new TempDirectory();
        var (code, output) = OpenSsl.VerifyStrict(dir, authority.Bundle.ToPem(), svid.ToPem(), time.GetUtcNow());
        Assert.True(code == 0, output);

        var verifier = new X509SvidVerifier(td => td.Equals(authority.TrustDomain) ? authority.Bundle.X509Authorities : null);
        var result = verifier.Verify([X509CertificateLoader.LoadCertificate(svid.LeafDer)], time.GetUtcNow());
        Assert.True(result.IsValid, result.Error);
        Assert.Equal("spiffe://example.org/ns/default/sa/web", result.Id.ToString());
    }

    [Fact]
    public void Openssl_text_shows_the_svid_profile()
    {
        var (authority, time, _) = TestAuthority.Create();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var svid = IssueFor(authority, key, "spiffe://example.org/ns/a/sa/b", TimeSpan.FromHours(1), time.GetUtcNow(), "b.a.svc");
        using var dir = new TempDirectory();
        var text = OpenSsl.Text(dir, svid.ToPem());

        Assert.Contains("X509v3 Basic Constraints: critical", text, StringComparison.Ordinal);
        Assert.Contains("CA:FALSE", text, StringComparison.Ordinal);
        Assert.Contains("X509v3 Key Usage: critical", text, StringComparison.Ordinal);
        Assert.Contains("Digital Signature", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Certificate Sign", text, StringComparison.Ordinal);
        Assert.DoesNotContain("CRL Sign", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Key Encipherment", text, StringComparison.Ordinal);
        Assert.Contains("TLS Web Server Authentication, TLS Web Client Authentication", text, StringComparison.Ordinal);
        Assert.Contains("X509v3 Subject Alternative Name: critical", text, StringComparison.Ordinal);
        Assert.Contains("URI:spiffe://example.org/ns/a/sa/b", text, StringComparison.Ordinal);
        Assert.Contains("DNS:b.a.svc", text, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "URI:"));
        Assert.DoesNotContain("SPIRE", text, StringComparison.Ordinal);
        Assert.Matches(@"Subject:\s*\n", text);
        Assert.Contains("X509v3 Authority Key Identifier", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Rsa_workload_key_also_gets_key_encipherment()
    {
        var (authority, time, _) = TestAuthority.Create();
        using var key = RSA.Create(3072);
        var svid = IssueFor(authority, key, "spiffe://example.org/w", TimeSpan.FromHours(1), time.GetUtcNow());
        using var leaf = X509CertificateLoader.LoadCertificate(svid.LeafDer);
        var usage = leaf.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, usage.KeyUsages);
    }

    [Fact]
    public void Validity_is_backdated_by_the_cushion_and_capped_by_the_ca()
    {
        var (authority, time, _) = TestAuthority.Create(caTtl: TimeSpan.FromHours(6));
        var now = time.GetUtcNow();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var normal = IssueFor(authority, key, "spiffe://example.org/w", TimeSpan.FromHours(1), now);
        Assert.Equal(now - SvidSigner.NotBeforeCushion, normal.NotBefore);
        Assert.Equal(now + TimeSpan.FromHours(1), normal.NotAfter);

        var capped = IssueFor(authority, key, "spiffe://example.org/w", TimeSpan.FromDays(30), now);
        Assert.Equal(authority.Active.NotAfter, capped.NotAfter);
        using var leaf = X509CertificateLoader.LoadCertificate(capped.LeafDer);
        Assert.True(leaf.NotAfter.ToUniversalTime() <= authority.Active.Certificate.NotAfter.ToUniversalTime());
    }

    [Fact]
    public void Serial_numbers_are_positive_random_and_up_to_128_bits()
    {
        var (authority, time, _) = TestAuthority.Create();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serials = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 50; i++)
        {
            var svid = IssueFor(authority, key, "spiffe://example.org/w", TimeSpan.FromHours(1), time.GetUtcNow());
            var serial = X509CertificateStructure.GetInstance(svid.LeafDer).SerialNumber.Value;
            Assert.Equal(1, serial.SignValue);
            Assert.True(serial.BitLength <= 128);
            Assert.True(serials.Add(serial.ToString(16)));
        }

        Assert.Contains(serials, s => s.Length > 24);
    }

    [Fact]
    public void Root_id_is_refused()
    {
        var (authority, time, _) = TestAuthority.Create();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.Throws<ArgumentException>(() => IssueFor(authority, key, "spiffe://example.org", TimeSpan.FromHours(1), time.GetUtcNow()));
    }
}
