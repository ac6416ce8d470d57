using System.Runtime.InteropServices;

namespace Platform.Sandbox.Certificates;

/// <summary>
/// Ed25519 signature verification. .NET has none, so this calls the OpenSSL libcrypto .NET itself loads on Linux
/// (pure Ed25519: the message is verified as is, no pre-hash).
/// </summary>
internal static class Ed25519Verifier
{
    private const string LibCrypto = "libcrypto.so.3";
    private const int NidEd25519 = 1087;

    public static bool Verify(byte[] publicKey, byte[] message, byte[] signature)
    {
        if (publicKey.Length != 32 || signature.Length != 64)
        {
            return false;
        }

        var key = IntPtr.Zero;
        var context = IntPtr.Zero;
        try
        {
            key = EVP_PKEY_new_raw_public_key(NidEd25519, IntPtr.Zero, publicKey, (nuint)publicKey.Length);
            context = EVP_MD_CTX_new();
            if (key == IntPtr.Zero || context == IntPtr.Zero
                || EVP_DigestVerifyInit(context, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero, key) != 1)
            {
                return false;
            }

            return EVP_DigestVerify(context, signature, (nuint)signature.Length, message, (nuint)message.Length) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
        finally
        {
            if (context != IntPtr.Zero)
            {
                EVP_MD_CTX_free(context);
            }

            if (key != IntPtr.Zero)
            {
                EVP_PKEY_free(key);
            }
        }
    }

    [DllImport(LibCrypto)]
    private static extern IntPtr EVP_PKEY_new_raw_public_key(int type, IntPtr engine, byte[] key, nuint length);

    [DllImport(LibCrypto)]
    private static extern IntPtr EVP_MD_CTX_new();

    [DllImport(LibCrypto)]
    private static extern void EVP_MD_CTX_free(IntPtr context);

    [DllImport(LibCrypto)]
    private static extern void EVP_PKEY_free(IntPtr key);

    [DllImport(LibCrypto)]
    private static extern int EVP_DigestVerifyInit(IntPtr context, IntPtr keyContext, IntPtr digest, IntPtr engine, IntPtr key);

    [DllImport(LibCrypto)]
    private static extern int EVP_DigestVerify(IntPtr context, byte[] signature, nuint signatureLength, byte[] data, nuint dataLength);
}
