using System.Security.Cryptography.X509Certificates;
using Platform.Webhooks.Certificates;

namespace Platform.Webhooks.Tests.Support;

/// <summary>A CA and serving certificates for the webhook Service name, written as tls.crt/tls.key.</summary>
internal sealed class TestPki
{
    public const string Service = "platform-webhooks";
    public const string Namespace = "platform-system";
    public const string Host = $"{Service}.{Namespace}.svc";

    public TestPki(string name = "test-ca")
    {
        Authority = CertificateIssuer.CreateAuthority(name, DateTimeOffset.UtcNow, TimeSpan.FromDays(30));
    }

    public X509Certificate2 Authority { get; }

    public X509Certificate2 IssueServing() =>
        CertificateIssuer.IssueServing(Authority, CertificateIssuer.ServiceDnsNames(Service, Namespace), DateTimeOffset.UtcNow, TimeSpan.FromDays(7));

    /// <summary>Writes a fresh serving certificate into <paramref name="directory"/> the way a Secret volume changes: both files swapped in by rename.</summary>
    public X509Certificate2 WriteServing(string directory)
    {
        var certificate = IssueServing();
        var certificatePath = Path.Combine(directory, "tls.crt");
        var keyPath = Path.Combine(directory, "tls.key");
        File.WriteAllText(keyPath + ".tmp", certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certificatePath + ".tmp", certificate.ExportCertificatePem() + "\n" + Authority.ExportCertificatePem());
        File.Move(keyPath + ".tmp", keyPath, overwrite: true);
        File.Move(certificatePath + ".tmp", certificatePath, overwrite: true);
        return certificate;
    }
}
