using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Platform.Identity.Tests.Support;

/// <summary>An upstream CA as an operator would put it in a Secret: a root, optionally an intermediate under it that signs.</summary>
internal sealed class UpstreamCa : IDisposable
{
    private readonly ECDsa rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
    private readonly ECDsa? intermediateKey;

    public UpstreamCa(DateTimeOffset now, bool withIntermediate = false, string name = "Upstream")
    {
        Root = Authority($"CN={name} Root", rootKey, null, null, now);
        if (withIntermediate)
        {
            intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            Intermediate = Authority($"CN={name} Intermediate", intermediateKey, Root, rootKey, now);
        }
    }

    public X509Certificate2 Root { get; }

    public X509Certificate2? Intermediate { get; }

    /// <summary>tls.crt (the signing CA, then the chain above it), tls.key and, with an intermediate, ca.crt (the root).</summary>
    public Dictionary<string, byte[]> SecretData()
    {
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (Intermediate is null)
        {
            data["tls.crt"] = Encoding.ASCII.GetBytes(Root.ExportCertificatePem() + "\n");
            data["tls.key"] = Encoding.ASCII.GetBytes(rootKey.ExportPkcs8PrivateKeyPem() + "\n");
        }
        else
        {
            data["tls.crt"] = Encoding.ASCII.GetBytes(Intermediate.ExportCertificatePem() + "\n" + Root.ExportCertificatePem() + "\n");
            data["tls.key"] = Encoding.ASCII.GetBytes(intermediateKey!.ExportPkcs8PrivateKeyPem() + "\n");
            data["ca.crt"] = Encoding.ASCII.GetBytes(Root.ExportCertificatePem() + "\n");
        }

        return data;
    }

    public void Dispose()
    {
        Root.Dispose();
        Intermediate?.Dispose();
        rootKey.Dispose();
        intermediateKey?.Dispose();
    }

    private static X509Certificate2 Authority(string subject, ECDsa key, X509Certificate2? issuer, ECDsa? issuerKey, DateTimeOffset now)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA384);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        if (issuer is null)
        {
            return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(365));
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var signed = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey!), now.AddDays(-1), now.AddDays(180), serial);
        return X509CertificateLoader.LoadCertificate(signed.RawData);
    }
}
