using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Platform.Webhooks.Certificates;

/// <summary>A certificate ready to serve: the TLS context is built once per certificate, not once per handshake.</summary>
internal sealed record ServingCertificate(X509Certificate2 Certificate, SslStreamCertificateContext Context)
{
    public DateTimeOffset NotAfter => new(Certificate.NotAfter.ToUniversalTime());

    public static ServingCertificate Create(X509Certificate2 certificate, X509Certificate2Collection? chain = null) =>
        new(certificate, SslStreamCertificateContext.Create(certificate, chain, offline: true));
}
