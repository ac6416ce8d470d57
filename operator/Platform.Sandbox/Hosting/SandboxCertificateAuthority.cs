using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Platform.Sandbox.Hosting;

/// <summary>
/// The sandbox's own CA (ECDSA P-256). It signs the API server's serving certificate and any other
/// serving certificate a test or the sandbox host needs (e.g. the admission webhook server).
/// </summary>
public sealed class SandboxCertificateAuthority : IDisposable
{
    private readonly ECDsa _key;

    public SandboxCertificateAuthority(TimeProvider time)
    {
        _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=platform-sandbox-ca", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = time.GetUtcNow();
        Certificate = request.CreateSelfSigned(now.AddHours(-1), now.AddYears(10));
        Time = time;
    }

    private TimeProvider Time { get; }

    /// <summary>The CA certificate (public part only is meaningful to clients).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The CA certificate in PEM form, as a kubeconfig or webhook caBundle carries it.</summary>
    public string CertificatePem => Certificate.ExportCertificatePem();

    /// <summary>Issues a serving certificate (with private key) for the given DNS names and IP addresses.</summary>
    public X509Certificate2 IssueServingCertificate(IEnumerable<string> dnsNames, IEnumerable<IPAddress> addresses)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var names = dnsNames.ToList();
        var request = new CertificateRequest($"CN={(names.Count > 0 ? names[0] : "platform-sandbox")}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var n in names)
        {
            san.AddDnsName(n);
        }

        foreach (var a in addresses)
        {
            san.AddIpAddress(a);
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var now = Time.GetUtcNow();
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var signed = request.Create(Certificate, now.AddHours(-1), now.AddYears(5), serial);
        using var withKey = signed.CopyWithPrivateKey(key);

        // Round-trip through PKCS#12 so the key is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }
}
