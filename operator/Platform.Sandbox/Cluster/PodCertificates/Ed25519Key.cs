using System.Formats.Asn1;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Platform.Sandbox.Cluster.PodCertificates;

/// <summary>
/// Ed25519 keys for podCertificate requests. .NET has no Ed25519, so this calls the OpenSSL libcrypto that .NET
/// itself uses on Linux (keygen and pure-Ed25519 signing only) and encodes PKCS#8 / SPKI / PKCS#10 per RFC 8410.
/// Elsewhere (no libcrypto.so.3) the key type is reported as unsupported.
/// </summary>
internal static class Ed25519Key
{
    private const string LibCrypto = "libcrypto.so.3";
    private const int NidEd25519 = 1087;
    private const string Ed25519Oid = "1.3.101.112";

    /// <summary>Generates a key; returns its PKCS#8 PEM, SPKI DER, the stub PKCS#10 DER signed by it, and its signature over <paramref name="message"/>.</summary>
    public static (string PrivateKeyPem, byte[] SubjectPublicKeyInfo, byte[] StubRequest, byte[] Signature) Generate(byte[] message)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new NotSupportedException("keyType ED25519 needs OpenSSL libcrypto, available to the sandbox kubelet on Linux only");
        }

        IntPtr keyContext = IntPtr.Zero;
        IntPtr key = IntPtr.Zero;
        try
        {
            keyContext = EVP_PKEY_CTX_new_id(NidEd25519, IntPtr.Zero);
            if (keyContext == IntPtr.Zero || EVP_PKEY_keygen_init(keyContext) != 1 || EVP_PKEY_keygen(keyContext, out key) != 1)
            {
                throw new CryptographicException("Ed25519 key generation failed");
            }

            var seed = new byte[32];
            var publicKey = new byte[32];
            nuint seedLength = 32;
            nuint publicLength = 32;
            if (EVP_PKEY_get_raw_private_key(key, seed, ref seedLength) != 1 || EVP_PKEY_get_raw_public_key(key, publicKey, ref publicLength) != 1)
            {
                throw new CryptographicException("Ed25519 key export failed");
            }

            var spki = SubjectPublicKeyInfo(publicKey);
            var info = RequestInfo(spki);
            var signature = Sign(key, info);
            var proof = Sign(key, message);
            var pkcs8 = PrivateKeyInfo(seed);
            CryptographicOperations.ZeroMemory(seed);
            return (PemEncoding.WriteString("PRIVATE KEY", pkcs8), spki, Request(info, signature), proof);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new NotSupportedException("keyType ED25519 needs OpenSSL 3 libcrypto, which was not found", e);
        }
        finally
        {
            if (key != IntPtr.Zero)
            {
                EVP_PKEY_free(key);
            }

            if (keyContext != IntPtr.Zero)
            {
                EVP_PKEY_CTX_free(keyContext);
            }
        }
    }

    private static byte[] Sign(IntPtr key, byte[] data)
    {
        var context = EVP_MD_CTX_new();
        try
        {
            var signature = new byte[64];
            nuint length = 64;
            if (context == IntPtr.Zero
                || EVP_DigestSignInit(context, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero, key) != 1
                || EVP_DigestSign(context, signature, ref length, data, (nuint)data.Length) != 1)
            {
                throw new CryptographicException("Ed25519 signing failed");
            }

            return signature;
        }
        finally
        {
            if (context != IntPtr.Zero)
            {
                EVP_MD_CTX_free(context);
            }
        }
    }

    private static byte[] SubjectPublicKeyInfo(byte[] publicKey)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Ed25519Oid);
            }

            writer.WriteBitString(publicKey);
        }

        return writer.Encode();
    }

    private static byte[] PrivateKeyInfo(byte[] seed)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(0);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Ed25519Oid);
            }

            // RFC 8410: the private key is an OCTET STRING wrapped in the PKCS#8 privateKey OCTET STRING.
            var inner = new AsnWriter(AsnEncodingRules.DER);
            inner.WriteOctetString(seed);
            writer.WriteOctetString(inner.Encode());
        }

        return writer.Encode();
    }

    /// <summary>CertificationRequestInfo with version 0, an empty subject and no attributes.</summary>
    private static byte[] RequestInfo(byte[] spki)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(0);
            using (writer.PushSequence())
            {
            }

            writer.WriteEncodedValue(spki);
            using (writer.PushSetOf(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            {
            }
        }

        return writer.Encode();
    }

    private static byte[] Request(byte[] info, byte[] signature)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(info);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Ed25519Oid);
            }

            writer.WriteBitString(signature);
        }

        return writer.Encode();
    }

    [DllImport(LibCrypto)]
    private static extern IntPtr EVP_PKEY_CTX_new_id(int id, IntPtr engine);

    [DllImport(LibCrypto)]
    private static extern int EVP_PKEY_keygen_init(IntPtr context);

    [DllImport(LibCrypto)]
    private static extern int EVP_PKEY_keygen(IntPtr context, out IntPtr key);

    [DllImport(LibCrypto)]
    private static extern void EVP_PKEY_CTX_free(IntPtr context);

    [DllImport(LibCrypto)]
    private static extern void EVP_PKEY_free(IntPtr key);

    [DllImport(LibCrypto)]
    private static extern int EVP_PKEY_get_raw_private_key(IntPtr key, byte[] buffer, ref nuint length);

    [DllImport(LibCrypto)]
    private static extern int EVP_PKEY_get_raw_public_key(IntPtr key, byte[] buffer, ref nuint length);

    [DllImport(LibCrypto)]
    private static extern IntPtr EVP_MD_CTX_new();

    [DllImport(LibCrypto)]
    private static extern void EVP_MD_CTX_free(IntPtr context);

    [DllImport(LibCrypto)]
    private static extern int EVP_DigestSignInit(IntPtr context, IntPtr keyContext, IntPtr type, IntPtr engine, IntPtr key);

    [DllImport(LibCrypto)]
    private static extern int EVP_DigestSign(IntPtr context, byte[] signature, ref nuint signatureLength, byte[] data, nuint dataLength);
}
