using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Platform.Identity.Tests.Support;

/// <summary>Workload-side keys and PKCS#10 requests as a kubelet or agent would make them.</summary>
internal static class WorkloadKeys
{
    public static byte[] StubRequest(AsymmetricAlgorithm key, params string[] uriSans) => Request(key, "", uriSans, []);

    public static byte[] Request(AsymmetricAlgorithm key, string subject, IReadOnlyList<string> uriSans, IReadOnlyList<string> dnsSans)
    {
        var name = new X500DistinguishedName(subject);
        CertificateRequest request = key switch
        {
            ECDsa ec => new CertificateRequest(name, ec, HashAlgorithmName.SHA256),
            RSA rsa => new CertificateRequest(name, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            _ => throw new ArgumentException("unsupported test key"),
        };
        if (uriSans.Count > 0 || dnsSans.Count > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var uri in uriSans)
            {
                san.AddUri(new Uri(uri));
            }

            foreach (var dns in dnsSans)
            {
                san.AddDnsName(dns);
            }

            request.CertificateExtensions.Add(san.Build());
        }

        return request.CreateSigningRequest();
    }

    public static string Pem(byte[] der) => PemEncoding.WriteString("CERTIFICATE REQUEST", der);
}
