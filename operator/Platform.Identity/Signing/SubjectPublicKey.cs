using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;

namespace Platform.Identity.Signing;

/// <summary>
/// A SubjectPublicKeyInfo as received (DER kept verbatim), classified into a <see cref="RequestKeyType"/> from
/// its algorithm OID, curve and size alone — no curve arithmetic — refusing anything else (RSA below 3072,
/// other curves, DSA, ...).
/// </summary>
internal sealed class SubjectPublicKey
{
    private const string EcPublicKey = "1.2.840.10045.2.1";
    private const string RsaEncryption = "1.2.840.113549.1.1.1";
    private const string Ed25519 = "1.3.101.112";

    private SubjectPublicKey(byte[] der, byte[] keyBits, RequestKeyType? type, string? problem)
    {
        Der = der;
        KeyBits = keyBits;
        KeyType = type;
        Problem = problem;
    }

    /// <summary>The SubjectPublicKeyInfo DER, exactly as the requester sent it.</summary>
    public byte[] Der { get; }

    /// <summary>The subjectPublicKey BIT STRING contents.</summary>
    public byte[] KeyBits { get; }

    /// <summary>Null when unsupported; see <see cref="Problem"/>.</summary>
    public RequestKeyType? KeyType { get; }

    public string? Problem { get; }

    /// <summary>RFC 5280 §4.2.1.2 method 1 key identifier.</summary>
    public byte[] KeyIdentifier() =>
#pragma warning disable CA5350 // SHA-1 is the RFC 5280 key identifier method, not a security function.
        SHA1.HashData(KeyBits);
#pragma warning restore CA5350

    /// <exception cref="AsnContentException">Not a DER SubjectPublicKeyInfo.</exception>
    public static SubjectPublicKey Read(byte[] der)
    {
        var reader = new AsnReader(der, AsnEncodingRules.DER);
        var spki = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        var algorithm = spki.ReadSequence();
        var oid = algorithm.ReadObjectIdentifier();
        string? curve = null;
        if (algorithm.HasData && algorithm.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
        {
            curve = algorithm.ReadObjectIdentifier();
        }

        var bits = spki.ReadBitString(out var unused);
        spki.ThrowIfNotEmpty();
        if (unused != 0)
        {
            return new SubjectPublicKey(der, bits, null, "public key BIT STRING is malformed");
        }

        var (type, problem) = Classify(oid, curve, bits);
        return new SubjectPublicKey(der, bits, type, problem);
    }

    private static (RequestKeyType? Type, string? Problem) Classify(string algorithm, string? curve, byte[] bits)
    {
        switch (algorithm)
        {
            case EcPublicKey:
                {
                    if (curve is null)
                    {
                        return (null, "EC keys must name their curve (explicit curve parameters are not supported)");
                    }

                    var (type, length) = curve switch
                    {
                        "1.2.840.10045.3.1.7" => ((RequestKeyType?)RequestKeyType.EcdsaP256, 32),
                        "1.3.132.0.34" => (RequestKeyType.EcdsaP384, 48),
                        "1.3.132.0.35" => (RequestKeyType.EcdsaP521, 66),
                        _ => (null, 0),
                    };
                    if (type is null)
                    {
                        return (null, $"EC curve {curve} is not supported (use P-256, P-384 or P-521)");
                    }

                    var valid = (bits.Length == 1 + (2 * length) && bits[0] == 0x04) || (bits.Length == 1 + length && bits[0] is 0x02 or 0x03);
                    return valid ? (type, null) : (null, "EC public key point is malformed");
                }

            case RsaEncryption:
                {
                    BigInteger modulus;
                    try
                    {
                        var reader = new AsnReader(bits, AsnEncodingRules.DER);
                        var rsa = reader.ReadSequence();
                        modulus = rsa.ReadInteger();
                        rsa.ReadInteger();
                        rsa.ThrowIfNotEmpty();
                    }
                    catch (AsnContentException)
                    {
                        return (null, "RSA public key is malformed");
                    }

                    return modulus.Sign <= 0
                        ? (null, "RSA public key is malformed")
                        : modulus.GetBitLength() switch
                        {
                            3072 => (RequestKeyType.Rsa3072, null),
                            4096 => (RequestKeyType.Rsa4096, null),
                            var size => (null, $"RSA-{size} is not supported (use RSA-3072 or RSA-4096)"),
                        };
                }

            case Ed25519:
                return bits.Length == 32 ? (RequestKeyType.Ed25519, null) : (null, "Ed25519 public key is malformed");

            default:
                return (null, $"key algorithm {algorithm} is not supported");
        }
    }
}
