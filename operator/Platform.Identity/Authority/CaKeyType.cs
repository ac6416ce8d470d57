namespace Platform.Identity.Authority;

/// <summary>Key type of a trust-domain CA created by the suite.</summary>
public enum CaKeyType
{
    /// <summary>ECDSA on NIST P-256 with SHA-256 (default; SPIRE's <c>ec-p256</c>).</summary>
    EcP256,

    /// <summary>ECDSA on NIST P-384 with SHA-384.</summary>
    EcP384,

    /// <summary>RSA 3072-bit, PKCS#1 v1.5 with SHA-256.</summary>
    Rsa3072,
}
