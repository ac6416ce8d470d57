namespace Platform.Identity.Signing;

/// <summary>Subject key types a workload may ask us to certify (the PodCertificateRequest list).</summary>
public enum RequestKeyType
{
    /// <summary>ECDSA P-256.</summary>
    EcdsaP256,

    /// <summary>ECDSA P-384.</summary>
    EcdsaP384,

    /// <summary>ECDSA P-521.</summary>
    EcdsaP521,

    /// <summary>RSA 3072-bit.</summary>
    Rsa3072,

    /// <summary>RSA 4096-bit.</summary>
    Rsa4096,

    /// <summary>Ed25519.</summary>
    Ed25519,
}
