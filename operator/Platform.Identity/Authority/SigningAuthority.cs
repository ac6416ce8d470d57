using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1.X509;
using Platform.Identity.Signing;

namespace Platform.Identity.Authority;

/// <summary>
/// One CA generation: certificate, key and the intermediates a leaf it signs must carry. Tracks the latest
/// NotAfter of the SVIDs it signed, so a retired root stays published exactly as long as it is needed.
/// </summary>
internal sealed class SigningAuthority : IDisposable
{
    private long lastIssuedNotAfterTicks;

    public SigningAuthority(byte[] certificateDer, SigningKey key, IReadOnlyList<X509Certificate2> chainAboveThis)
    {
        CertificateDer = certificateDer;
        Certificate = X509CertificateLoader.LoadCertificate(certificateDer);
        Structure = X509CertificateStructure.GetInstance(certificateDer);
        Key = key;
        if (!key.Matches(Structure.SubjectPublicKeyInfo.GetDerEncoded()))
        {
            throw new System.Security.Cryptography.CryptographicException("CA private key does not match the CA certificate");
        }

        SubjectKeyIdentifier = CertificateAssembler.KeyIdentifier(Structure.SubjectPublicKeyInfo);
        IsSelfSigned = Structure.Issuer.Equivalent(Structure.Subject);
        NotBefore = new DateTimeOffset(Certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        NotAfter = new DateTimeOffset(Certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        var chain = new List<X509Certificate2>();
        if (!IsSelfSigned)
        {
            chain.Add(Certificate);
            chain.AddRange(chainAboveThis);
        }

        ChainForLeaves = chain;
        ChainForLeavesDer = chain.Select(c => c.RawData).ToArray();
    }

    public byte[] CertificateDer { get; }

    public X509Certificate2 Certificate { get; }

    public X509CertificateStructure Structure { get; }

    public SigningKey Key { get; }

    public byte[] SubjectKeyIdentifier { get; }

    public bool IsSelfSigned { get; }

    public DateTimeOffset NotBefore { get; }

    public DateTimeOffset NotAfter { get; }

    /// <summary>Certificates sent after the leaf (this CA when it is an intermediate, and the upstream intermediates).</summary>
    public IReadOnlyList<X509Certificate2> ChainForLeaves { get; }

    public IReadOnlyList<byte[]> ChainForLeavesDer { get; }

    /// <summary>Latest NotAfter of any SVID signed by this CA (DateTimeOffset.MinValue when none).</summary>
    public DateTimeOffset LastIssuedNotAfter => new(Interlocked.Read(ref lastIssuedNotAfterTicks), TimeSpan.Zero);

    public void RecordIssued(DateTimeOffset notAfter)
    {
        var ticks = notAfter.UtcTicks;
        var current = Interlocked.Read(ref lastIssuedNotAfterTicks);
        while (ticks > current)
        {
            var seen = Interlocked.CompareExchange(ref lastIssuedNotAfterTicks, ticks, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    public void Dispose()
    {
        Key.Dispose();
        Certificate.Dispose();
    }

    public override string ToString() => $"CA(serial {Certificate.SerialNumber}, notAfter {NotAfter:O})";
}
