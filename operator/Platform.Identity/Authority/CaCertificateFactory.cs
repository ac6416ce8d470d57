using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using Platform.Identity.Signing;
using Platform.Identity.Spiffe;

namespace Platform.Identity.Authority;

/// <summary>
/// Creates trust-domain CA certificates with the X509-SVID.md signing-certificate profile: cA=true (critical
/// basicConstraints), keyUsage critical keyCertSign+cRLSign, the trust domain's own SPIFFE ID (no path) as the
/// only URI SAN, SKI/AKI, and a subject unique per generation (Go's chain builder stalls on many roots that
/// share one subject).
/// </summary>
internal sealed class CaCertificateFactory
{
    public SigningAuthority CreateRoot(TrustDomain trustDomain, CaKeyType keyType, DateTimeOffset now, TimeSpan lifetime)
    {
        var key = SigningKey.Generate(keyType);
        var notBefore = CertificateAssembler.TruncateToSeconds(now - CaCushion);
        var notAfter = CertificateAssembler.TruncateToSeconds(now + lifetime);
        var serial = CertificateAssembler.RandomSerial();
        var subject = SubjectFor(trustDomain, serial);
        var publicKey = SubjectPublicKeyInfo.GetInstance(key.SubjectPublicKeyInfo);
        var keyId = CertificateAssembler.KeyIdentifier(publicKey);
        var der = CertificateAssembler.Sign(Tbs(trustDomain, serial, subject, subject, notBefore, notAfter, publicKey, keyId, keyId), key);
        return new SigningAuthority(der, key, []);
    }

    public SigningAuthority CreateIntermediate(TrustDomain trustDomain, CaKeyType keyType, DateTimeOffset now, TimeSpan lifetime, UpstreamAuthority upstream)
    {
        var key = SigningKey.Generate(keyType);
        var notBefore = CertificateAssembler.TruncateToSeconds(now - CaCushion);
        var wanted = now + lifetime;

        // Our CA never outlives the upstream CA, so no SVID does either.
        var notAfter = CertificateAssembler.TruncateToSeconds(wanted < upstream.Signer.NotAfter ? wanted : upstream.Signer.NotAfter);
        var serial = CertificateAssembler.RandomSerial();
        var publicKey = SubjectPublicKeyInfo.GetInstance(key.SubjectPublicKeyInfo);
        var der = CertificateAssembler.Sign(
            Tbs(trustDomain, serial, upstream.Signer.Structure.Subject, SubjectFor(trustDomain, serial), notBefore, notAfter, publicKey,
                CertificateAssembler.KeyIdentifier(publicKey), upstream.Signer.SubjectKeyIdentifier),
            upstream.Signer.Key);
        return new SigningAuthority(der, key, UpstreamChain(upstream));
    }

    /// <summary>Small backdating so peers with slightly slow clocks accept a fresh CA.</summary>
    private static TimeSpan CaCushion => TimeSpan.FromSeconds(10);

    /// <summary>Whether <paramref name="issuer"/>'s key signed <paramref name="authority"/>'s certificate.</summary>
    public static bool IsSignedBy(SigningAuthority authority, SigningAuthority issuer)
    {
        try
        {
            var certificate = new Org.BouncyCastle.X509.X509Certificate(authority.Structure);
            return certificate.IsSignatureValid(PublicKeyFactory.CreateKey(issuer.Structure.SubjectPublicKeyInfo));
        }
        catch (Exception e) when (e is GeneralSecurityException or CryptoException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The certificates above our intermediate that leaves carry: none when the upstream CA is itself a root.</summary>
    public static List<System.Security.Cryptography.X509Certificates.X509Certificate2> UpstreamChain(UpstreamAuthority upstream)
    {
        var isRoot = upstream.Roots.Any(r => r.Thumbprint == upstream.Signer.Certificate.Thumbprint);
        var chain = new List<System.Security.Cryptography.X509Certificates.X509Certificate2>();
        if (!isRoot)
        {
            chain.Add(upstream.Signer.Certificate);
            chain.AddRange(upstream.Intermediates);
        }

        return chain;
    }

    private static X509Name SubjectFor(TrustDomain trustDomain, DerInteger serial) =>
        new(new List<DerObjectIdentifier> { X509Name.O, X509Name.SerialNumber },
            new List<string> { trustDomain.Name, serial.Value.ToString(16) });

    private static V3TbsCertificateGenerator Tbs(
        TrustDomain trustDomain, DerInteger serial, X509Name issuer, X509Name subject, DateTimeOffset notBefore, DateTimeOffset notAfter,
        SubjectPublicKeyInfo publicKey, byte[] subjectKeyId, byte[] authorityKeyId)
    {
        var generator = new V3TbsCertificateGenerator();
        generator.SetSerialNumber(serial);
        generator.SetIssuer(issuer);
        generator.SetSubject(subject);
        generator.SetStartDate(CertificateAssembler.ToTime(notBefore));
        generator.SetEndDate(CertificateAssembler.ToTime(notAfter));
        generator.SetSubjectPublicKeyInfo(publicKey);
        var extensions = new X509ExtensionsGenerator();
        extensions.AddExtension(X509Extensions.BasicConstraints, critical: true, new BasicConstraints(cA: true));
        extensions.AddExtension(X509Extensions.KeyUsage, critical: true, new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign));
        extensions.AddExtension(X509Extensions.SubjectKeyIdentifier, critical: false, new SubjectKeyIdentifier(subjectKeyId));
        extensions.AddExtension(X509Extensions.AuthorityKeyIdentifier, critical: false, new AuthorityKeyIdentifier(authorityKeyId));
        extensions.AddExtension(X509Extensions.SubjectAlternativeName, critical: false,
            new GeneralNames(new GeneralName(GeneralName.UniformResourceIdentifier, trustDomain.IdString)));
        generator.SetExtensions(extensions.Generate());
        return generator;
    }
}
