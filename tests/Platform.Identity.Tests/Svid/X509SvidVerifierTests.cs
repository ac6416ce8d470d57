using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Platform.Identity.Svid;

namespace Platform.Identity.Tests.Svid;

/// <summary>Leaf rules of X509-SVID.md, with certificates made by .NET's own CertificateRequest (independent of our builder).</summary>
public sealed class X509SvidVerifierTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly ECDsa caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 ca;
    private readonly X509SvidVerifier verifier;

    public X509SvidVerifierTests()
    {
        var request = new CertificateRequest("O=example.org", caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        ca = request.CreateSelfSigned(Now.AddDays(-10), Now.AddDays(10));
        verifier = new X509SvidVerifier(td => td.Name == "example.org" ? [ca] : null);
    }

    public void Dispose()
    {
        ca.Dispose();
        caKey.Dispose();
    }

    private sealed record Profile(
        string[] Uris, string Subject = "", bool SanCritical = true, bool? IsCa = false, X509KeyUsageFlags? Usage = X509KeyUsageFlags.DigitalSignature,
        bool UsageCritical = true, string[]? Eku = null, int ValidFromDays = -1, int ValidToDays = 1);

    private X509Certificate2 Leaf(Profile profile, X509Certificate2? issuer = null, ECDsa? issuerKey = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(profile.Subject, key, HashAlgorithmName.SHA256);
        if (profile.Uris.Length > 0)
        {
            // Encoded by hand: System.Uri would normalise "spiffe://example.org" to "spiffe://example.org/".
            var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                foreach (var uri in profile.Uris)
                {
                    writer.WriteCharacterString(System.Formats.Asn1.UniversalTagNumber.IA5String, uri, new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 6));
                }
            }

            request.CertificateExtensions.Add(new X509Extension("2.5.29.17", writer.Encode(), profile.SanCritical));
        }

        if (profile.IsCa is { } isCa)
        {
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(isCa, false, 0, true));
        }

        if (profile.Usage is { } usage)
        {
            request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, profile.UsageCritical));
        }

        var eku = new OidCollection();
        foreach (var oid in profile.Eku ?? ["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"])
        {
            eku.Add(new Oid(oid));
        }

        if (eku.Count > 0)
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(eku, false));
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier((issuer ?? ca).Extensions.OfType<X509SubjectKeyIdentifierExtension>().First()));
        var generator = X509SignatureGenerator.CreateForECDsa(issuerKey ?? caKey);
        return request.Create((issuer ?? ca).SubjectName, generator, Now.AddDays(profile.ValidFromDays), Now.AddDays(profile.ValidToDays), RandomNumberGenerator.GetBytes(16).Select((b, i) => i == 0 ? (byte)(b & 0x7f) : b).ToArray());
    }

    [Fact]
    public void A_well_formed_svid_verifies()
    {
        var result = verifier.Verify([Leaf(new Profile(["spiffe://example.org/ns/a/sa/b"]))], Now);
        Assert.True(result.IsValid, result.Error);
    }

    [Fact]
    public void Eku_is_optional()
    {
        Assert.True(verifier.Verify([Leaf(new Profile(["spiffe://example.org/w"], Eku: []))], Now).IsValid);
    }

    public static TheoryData<string, string> Violations => new()
    {
        { "no-uri", "no URI SAN" },
        { "two-uris", "more than one URI SAN" },
        { "root-path", "non-root path" },
        { "bad-id", "not a valid SPIFFE ID" },
        { "ca-true", "CA flag" },
        { "no-usage", "keyUsage extension" },
        { "usage-not-critical", "must be critical" },
        { "no-digital-signature", "digitalSignature" },
        { "key-cert-sign", "keyCertSign" },
        { "crl-sign", "cRLSign" },
        { "server-only", "serverAuth and clientAuth" },
        { "client-only", "serverAuth and clientAuth" },
        { "empty-subject-noncritical-san", "critical" },
        { "expired", "does not verify" },
        { "not-yet-valid", "does not verify" },
        { "other-td", "no X.509 authorities" },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public void Every_leaf_rule_is_enforced(string violation, string expected)
    {
        const string id = "spiffe://example.org/w";
        var profile = violation switch
        {
            "no-uri" => new Profile([], Subject: "CN=x"),
            "two-uris" => new Profile([id, "spiffe://example.org/v"]),
            "root-path" => new Profile(["spiffe://example.org"]),
            "bad-id" => new Profile(["spiffe://example.org/a//b"]),
            "ca-true" => new Profile([id], IsCa: true),
            "no-usage" => new Profile([id], Usage: null),
            "usage-not-critical" => new Profile([id], UsageCritical: false),
            "no-digital-signature" => new Profile([id], Usage: X509KeyUsageFlags.KeyEncipherment),
            "key-cert-sign" => new Profile([id], Usage: X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign),
            "crl-sign" => new Profile([id], Usage: X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.CrlSign),
            "server-only" => new Profile([id], Eku: ["1.3.6.1.5.5.7.3.1"]),
            "client-only" => new Profile([id], Eku: ["1.3.6.1.5.5.7.3.2"]),
            "empty-subject-noncritical-san" => new Profile([id], SanCritical: false),
            "expired" => new Profile([id], ValidFromDays: -3, ValidToDays: -1),
            "not-yet-valid" => new Profile([id], ValidFromDays: 1, ValidToDays: 3),
            "other-td" => new Profile(["spiffe://other.org/w"]),
            _ => throw new ArgumentOutOfRangeException(nameof(violation)),
        };
        var result = verifier.Verify([Leaf(profile)], Now);
        Assert.False(result.IsValid);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Intermediate_with_a_path_in_its_spiffe_id_is_refused()
    {
        using var interKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("O=inter", interKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri("spiffe://example.org/ca/path"));
        request.CertificateExtensions.Add(san.Build());
        using var intermediate = request.Create(ca, Now.AddDays(-5), Now.AddDays(5), [7]);
        using var intermediateWithKey = intermediate.CopyWithPrivateKey(interKey);
        var leaf = Leaf(new Profile(["spiffe://example.org/w"]), intermediateWithKey, interKey);
        var result = verifier.Verify([leaf, intermediate], Now);
        Assert.Contains("must not have a path", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Intermediates_must_be_cas_and_empty_chains_are_refused()
    {
        var notCa = Leaf(new Profile(["spiffe://example.org/x"]));
        var result = verifier.Verify([Leaf(new Profile(["spiffe://example.org/w"])), notCa], Now);
        Assert.Contains("must have CA flag", result.Error, StringComparison.Ordinal);
        Assert.Contains("empty", verifier.Verify([], Now).Error, StringComparison.Ordinal);
    }
}
