using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Platform.Identity.Authority;

namespace Platform.Identity.Signing;

/// <summary>
/// A CA private key held by .NET's crypto (OpenSSL on Linux), which signs P-256 several times faster than
/// BouncyCastle. Never formats key material into strings: ToString is the type name only.
/// </summary>
internal sealed class SigningKey : IDisposable
{
    private readonly AsymmetricAlgorithm algorithm;
    private readonly HashAlgorithmName hash;

    private SigningKey(AsymmetricAlgorithm algorithm)
    {
        this.algorithm = algorithm;
        switch (algorithm)
        {
            case ECDsa ecdsa:
                (hash, var oid) = ecdsa.KeySize switch
                {
                    256 => (HashAlgorithmName.SHA256, X9ObjectIdentifiers.ECDsaWithSha256),
                    384 => (HashAlgorithmName.SHA384, X9ObjectIdentifiers.ECDsaWithSha384),
                    521 => (HashAlgorithmName.SHA512, X9ObjectIdentifiers.ECDsaWithSha512),
                    _ => throw new NotSupportedException("CA key curve must be P-256, P-384 or P-521"),
                };
                SignatureAlgorithm = new AlgorithmIdentifier(oid);
                Description = "EC P-" + (ecdsa.KeySize == 521 ? 521 : ecdsa.KeySize);
                break;
            case RSA rsa:
                if (rsa.KeySize < 2048)
                {
                    throw new NotSupportedException("CA RSA keys must be at least 2048 bits");
                }

                hash = HashAlgorithmName.SHA256;
                SignatureAlgorithm = new AlgorithmIdentifier(PkcsObjectIdentifiers.Sha256WithRsaEncryption, DerNull.Instance);
                Description = "RSA-" + rsa.KeySize;
                break;
            default:
                throw new NotSupportedException("CA keys must be EC or RSA");
        }

        SubjectPublicKeyInfo = algorithm.ExportSubjectPublicKeyInfo();
    }

    /// <summary>The signatureAlgorithm written into certificates this key signs.</summary>
    public AlgorithmIdentifier SignatureAlgorithm { get; }

    /// <summary>DER SubjectPublicKeyInfo.</summary>
    public byte[] SubjectPublicKeyInfo { get; }

    /// <summary>Key type for logs ("EC P-256", "RSA-3072").</summary>
    public string Description { get; }

    public static SigningKey Generate(CaKeyType keyType) => new(keyType switch
    {
        CaKeyType.EcP256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        CaKeyType.EcP384 => ECDsa.Create(ECCurve.NamedCurves.nistP384),
        CaKeyType.Rsa3072 => RSA.Create(3072),
        _ => throw new ArgumentOutOfRangeException(nameof(keyType), keyType, "unknown CA key type"),
    });

    /// <summary>Loads a PKCS#8 private key.</summary>
    /// <exception cref="CryptographicException">Not a usable EC or RSA key (message carries no key bytes).</exception>
    public static SigningKey FromPkcs8(ReadOnlySpan<byte> pkcs8)
    {
        var algorithmOid = ReadPkcs8AlgorithmOid(pkcs8);
        AsymmetricAlgorithm algorithm = algorithmOid switch
        {
            "1.2.840.10045.2.1" => ECDsa.Create(),
            "1.2.840.113549.1.1.1" => RSA.Create(),
            _ => throw new CryptographicException("private key is neither EC nor RSA"),
        };
        try
        {
            algorithm.ImportPkcs8PrivateKey(pkcs8, out _);
            return new SigningKey(algorithm);
        }
        catch (Exception e) when (e is CryptographicException or NotSupportedException)
        {
            algorithm.Dispose();
            throw new CryptographicException("private key could not be loaded (" + e.GetType().Name + ")");
        }
    }

    /// <summary>Loads a PEM private key (PKCS#8, SEC1 "EC PRIVATE KEY" or PKCS#1 "RSA PRIVATE KEY").</summary>
    /// <exception cref="CryptographicException">Not a usable key (message carries no key bytes).</exception>
    public static SigningKey FromPem(string pem)
    {
        AsymmetricAlgorithm? algorithm = null;
        try
        {
            if (pem.Contains("EC PRIVATE KEY", StringComparison.Ordinal))
            {
                algorithm = ECDsa.Create();
            }
            else if (pem.Contains("RSA PRIVATE KEY", StringComparison.Ordinal))
            {
                algorithm = RSA.Create();
            }
            else
            {
                var fields = PemEncoding.Find(pem);
                var der = Convert.FromBase64String(pem[fields.Base64Data]);
                return FromPkcs8(der);
            }

            algorithm.ImportFromPem(pem);
            return new SigningKey(algorithm);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or CryptographicException or NotSupportedException)
        {
            algorithm?.Dispose();
            throw new CryptographicException("private key PEM could not be loaded (" + e.GetType().Name + ")");
        }
    }

    public byte[] Sign(byte[] data) => algorithm switch
    {
        ECDsa ecdsa => ecdsa.SignData(data, hash, DSASignatureFormat.Rfc3279DerSequence),
        RSA rsa => rsa.SignData(data, hash, RSASignaturePadding.Pkcs1),
        _ => throw new InvalidOperationException(),
    };

    public byte[] ExportPkcs8() => algorithm.ExportPkcs8PrivateKey();

    /// <summary>True when this key is the private half of <paramref name="subjectPublicKeyInfo"/>.</summary>
    public bool Matches(ReadOnlySpan<byte> subjectPublicKeyInfo) => subjectPublicKeyInfo.SequenceEqual(SubjectPublicKeyInfo);

    public void Dispose() => algorithm.Dispose();

    public override string ToString() => "SigningKey(" + Description + ")";

    private static string ReadPkcs8AlgorithmOid(ReadOnlySpan<byte> pkcs8)
    {
        try
        {
            var info = PrivateKeyInfo.GetInstance(Asn1Object.FromByteArray(pkcs8.ToArray()));
            return info.PrivateKeyAlgorithm.Algorithm.Id;
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidCastException or Asn1Exception)
        {
            throw new CryptographicException("private key is not PKCS#8 DER");
        }
    }
}
