using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Platform.Sandbox.Tests.Cluster;

internal static class TestCertificates
{
    public static string SelfSignedPem(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var cert = new CertificateRequest(subject, key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return cert.ExportCertificatePem();
    }

    public static string SigningRequestPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new CertificateRequest("CN=whoami", key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
    }
}
