using System.Formats.Asn1;
using System.Runtime.InteropServices;

namespace Platform.Sandbox.Tests.Cluster;

/// <summary>Independent Ed25519 checks for tests (OpenSSL libcrypto): derive a public key, verify a PKCS#10 self-signature.</summary>
internal static class OpenSslEd25519
{
    private const string LibCrypto = "libcrypto.so.3";
    private const int NidEd25519 = 1087;

    /// <summary>The raw public key of a PKCS#8 Ed25519 private key.</summary>
    public static byte[] PublicKeyOf(byte[] pkcs8)
    {
        var outer = new AsnReader(pkcs8, AsnEncodingRules.DER).ReadSequence();
        outer.ReadInteger();
        Assert.Equal("1.3.101.112", outer.ReadSequence().ReadObjectIdentifier());
        var seed = new AsnReader(outer.ReadOctetString(), AsnEncodingRules.DER).ReadOctetString();
        var key = EVP_PKEY_new_raw_private_key(NidEd25519, IntPtr.Zero, seed, (nuint)seed.Length);
        try
        {
            var pub = new byte[32];
            nuint length = 32;
            Assert.Equal(1, EVP_PKEY_get_raw_public_key(key, pub, ref length));
            return pub;
        }
        finally
        {
            EVP_PKEY_free(key);
        }
    }

    /// <summary>Checks the request's signature with its own key; returns that raw public key.</summary>
    public static byte[] VerifyRequest(byte[] pkcs10)
    {
        var request = new AsnReader(pkcs10, AsnEncodingRules.DER).ReadSequence();
        var info = request.ReadEncodedValue().ToArray();
        Assert.Equal("1.3.101.112", request.ReadSequence().ReadObjectIdentifier());
        var signature = request.ReadBitString(out _);
        var infoReader = new AsnReader(info, AsnEncodingRules.DER).ReadSequence();
        infoReader.ReadInteger();
        Assert.False(infoReader.ReadSequence().HasData);
        var spki = infoReader.ReadSequence();
        Assert.Equal("1.3.101.112", spki.ReadSequence().ReadObjectIdentifier());
        var pub = spki.ReadBitString(out _);
        var key = EVP_PKEY_new_raw_public_key(NidEd25519, IntPtr.Zero, pub, (nuint)pub.Length);
        var ctx = EVP_MD_CTX_new();
        try
        {
            Assert.Equal(1, EVP_DigestVerifyInit(ctx, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero, key));
            Assert.Equal(1, EVP_DigestVerify(ctx, signature, (nuint)signature.Length, info, (nuint)info.Length));
            return pub;
        }
        finally
        {
            EVP_MD_CTX_free(ctx);
            EVP_PKEY_free(key);
        }
    }

    [DllImport(LibCrypto)]
    private static extern IntPtr EVP_PKEY_new_raw_private_key(int type, IntPtr engine, byte[] key, nuint length);

    [DllImport(LibCrypto)]
    private static extern IntPtr EVP_PKEY_new_raw_public_key(int type, IntPtr engine, byte[] key, nuint length);

    [DllImport(LibCrypto)]
    private static extern int EVP_PKEY_get_raw_public_key(IntPtr key, byte[] buffer, ref nuint length);

    [DllImport(LibCrypto)]
    private static extern void EVP_PKEY_free(IntPtr key);

    [DllImport(LibCrypto)]
    private static extern IntPtr EVP_MD_CTX_new();

    [DllImport(LibCrypto)]
    private static extern void EVP_MD_CTX_free(IntPtr context);

    [DllImport(LibCrypto)]
    private static extern int EVP_DigestVerifyInit(IntPtr context, IntPtr keyContext, IntPtr type, IntPtr engine, IntPtr key);

    [DllImport(LibCrypto)]
    private static extern int EVP_DigestVerify(IntPtr context, byte[] signature, nuint signatureLength, byte[] data, nuint dataLength);
}
