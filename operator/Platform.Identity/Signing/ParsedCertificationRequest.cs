using Org.BouncyCastle.Pkcs;
using Platform.Identity.Svid;

namespace Platform.Identity.Signing;

/// <summary>A parsed PKCS#10 request: its key (kept verbatim), key type (or why it is unsupported) and requested names.</summary>
internal sealed class ParsedCertificationRequest(byte[] der, SubjectPublicKey publicKey, SubjectAlternativeNames? names, bool hasSubject)
{
    public SubjectPublicKey PublicKey { get; } = publicKey;

    /// <summary>Null when the key type is unsupported; see <see cref="KeyProblem"/>.</summary>
    public RequestKeyType? KeyType => PublicKey.KeyType;

    public string? KeyProblem => PublicKey.Problem;

    public IReadOnlyList<string> UriNames { get; } = names?.Uris ?? [];

    public IReadOnlyList<string> DnsNames { get; } = names?.DnsNames ?? [];

    /// <summary>Requested SANs other than URI and DNS (IP, email, ...).</summary>
    public int OtherNameCount { get; } = names?.OtherCount ?? 0;

    public bool HasSubject { get; } = hasSubject;

    /// <summary>Checks the proof of possession (the request's self-signature) with BouncyCastle.</summary>
    public bool VerifySignature()
    {
        try
        {
            return new Pkcs10CertificationRequest(der).Verify();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.Security.Cryptography.CryptographicException
                                      or Org.BouncyCastle.Security.SecurityUtilityException or Org.BouncyCastle.Crypto.CryptoException
                                      or InvalidCastException or IOException or Org.BouncyCastle.Asn1.Asn1Exception)
        {
            return false;
        }
    }
}
