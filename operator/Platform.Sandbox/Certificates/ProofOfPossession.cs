using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Platform.Sandbox.Certificates;

/// <summary>
/// The proof-of-possession checks PodCertificateRequest validation makes: a stub PKCS#10 request must parse and
/// carry a valid self-signature (v1), or the deprecated proofOfPossession must be the key's signature over the
/// ASCII pod UID (v1beta1: RSASSA-PSS/SHA-256, ECDSA ASN.1 over SHA-256, Ed25519 over the bytes). Accepted keys:
/// RSA 3072/4096, ECDSA P-256/P-384/P-521, Ed25519. Each check returns null when good, else the reason.
/// </summary>
internal static class ProofOfPossession
{
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string EcOid = "1.2.840.10045.2.1";
    private const string Ed25519Oid = "1.3.101.112";

    /// <summary>Verifies a stub PKCS#10 request (DER, or PEM <c>CERTIFICATE REQUEST</c>).</summary>
    public static string? VerifyStubRequest(byte[] request)
    {
        byte[] der;
        try
        {
            der = ToDer(request);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            return "must be a valid PKCS#10 certificate request";
        }

        byte[] info, spki, signature;
        string signatureAlgorithm;
        try
        {
            var outer = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            info = outer.ReadEncodedValue().ToArray();
            signatureAlgorithm = outer.ReadSequence().ReadObjectIdentifier();
            signature = outer.ReadBitString(out _);
            var infoReader = new AsnReader(info, AsnEncodingRules.DER).ReadSequence();
            infoReader.ReadInteger();
            infoReader.ReadEncodedValue();
            spki = infoReader.ReadEncodedValue().ToArray();
        }
        catch (AsnContentException)
        {
            return "must be a valid PKCS#10 certificate request";
        }

        var (algorithm, keyError) = CheckKey(spki);
        if (keyError is not null)
        {
            return keyError;
        }

        if (algorithm == Ed25519Oid)
        {
            return signatureAlgorithm == Ed25519Oid && Ed25519Verifier.Verify(RawKey(spki), info, signature)
                ? null
                : "could not verify proof-of-possession signature";
        }

        try
        {
            CertificateRequest.LoadSigningRequest(der, HashAlgorithmName.SHA256, out _, CertificateRequestLoadOptions.Default);
            return null;
        }
        catch (CryptographicException)
        {
            return "could not verify proof-of-possession signature";
        }
    }

    /// <summary>The SubjectPublicKeyInfo inside a stub PKCS#10 request, or null when it does not parse.</summary>
    public static byte[]? StubPublicKey(byte[] request)
    {
        try
        {
            var der = ToDer(request);
            var outer = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            var info = outer.ReadSequence();
            info.ReadInteger();
            info.ReadEncodedValue();
            return info.ReadEncodedValue().ToArray();
        }
        catch (Exception e) when (e is AsnContentException or ArgumentException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The public key's algorithm check for a DER SubjectPublicKeyInfo (null error when acceptable).</summary>
    public static (string? Algorithm, string? Error) CheckKey(byte[] spki)
    {
        try
        {
            var reader = new AsnReader(spki, AsnEncodingRules.DER).ReadSequence();
            var algorithm = reader.ReadSequence();
            var oid = algorithm.ReadObjectIdentifier();
            switch (oid)
            {
                case RsaOid:
                    using (var rsa = RSA.Create())
                    {
                        rsa.ImportSubjectPublicKeyInfo(spki, out _);
                        return rsa.KeySize is 3072 or 4096 ? (oid, null) : (oid, "RSA keys must have modulus size 3072 or 4096");
                    }

                case EcOid:
                    var curve = algorithm.ReadObjectIdentifier();
                    return curve is "1.2.840.10045.3.1.7" or "1.3.132.0.34" or "1.3.132.0.35"
                        ? (oid, null)
                        : (oid, "elliptic public keys must use curve P256, P384 or P521");
                case Ed25519Oid:
                    return RawKey(spki).Length == 32 ? (oid, null) : (oid, "must be a valid PKIX-serialized public key");
                default:
                    return (oid, "unknown public key type; supported types are Ed25519, ECDSA, and RSA");
            }
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            return (null, "must be a valid PKIX-serialized public key");
        }
    }

    /// <summary>Verifies the deprecated proofOfPossession: the key's signature over the ASCII pod UID.</summary>
    public static string? VerifyPodUidSignature(byte[] spki, byte[] signature, string podUid)
    {
        var (algorithm, keyError) = CheckKey(spki);
        if (keyError is not null)
        {
            return keyError;
        }

        var message = Encoding.ASCII.GetBytes(podUid);
        bool valid;
        try
        {
            switch (algorithm)
            {
                case RsaOid:
                    using (var rsa = RSA.Create())
                    {
                        rsa.ImportSubjectPublicKeyInfo(spki, out _);
                        valid = rsa.VerifyData(message, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
                    }

                    break;
                case EcOid:
                    using (var ecdsa = ECDsa.Create())
                    {
                        ecdsa.ImportSubjectPublicKeyInfo(spki, out _);
                        valid = ecdsa.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
                    }

                    break;
                default:
                    valid = Ed25519Verifier.Verify(RawKey(spki), message, signature);
                    break;
            }
        }
        catch (CryptographicException)
        {
            valid = false;
        }

        return valid ? null : "could not verify proof-of-possession signature";
    }

    /// <summary>DER as is; PEM <c>CERTIFICATE REQUEST</c> decoded.</summary>
    private static byte[] ToDer(byte[] request)
    {
        if (request.Length == 0 || request[0] != (byte)'-')
        {
            return request;
        }

        var text = Encoding.ASCII.GetString(request);
        var pem = PemEncoding.Find(text);
        if (text[pem.Label] != "CERTIFICATE REQUEST")
        {
            throw new FormatException("not a CERTIFICATE REQUEST block");
        }

        return Convert.FromBase64String(text[pem.Base64Data]);
    }

    private static byte[] RawKey(byte[] spki)
    {
        var reader = new AsnReader(spki, AsnEncodingRules.DER).ReadSequence();
        reader.ReadSequence();
        return reader.ReadBitString(out _);
    }
}
