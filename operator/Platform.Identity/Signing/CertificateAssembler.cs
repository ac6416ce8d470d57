using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;

namespace Platform.Identity.Signing;

/// <summary>
/// BouncyCastle builds the TBSCertificate (its ASN.1 is complete and cheap); the signature is made by
/// <see cref="SigningKey"/> over the DER bytes, then both are wrapped into the Certificate SEQUENCE.
/// </summary>
internal static class CertificateAssembler
{
    public static byte[] Sign(V3TbsCertificateGenerator generator, SigningKey issuerKey)
    {
        generator.SetSignature(issuerKey.SignatureAlgorithm);
        var tbs = generator.GenerateTbsCertificate();
        var signature = issuerKey.Sign(tbs.GetDerEncoded());
        return new X509CertificateStructure(tbs, issuerKey.SignatureAlgorithm, new DerBitString(signature)).GetDerEncoded();
    }

    /// <summary>A random, positive, non-zero 128-bit serial number.</summary>
    public static DerInteger RandomSerial() => new(new BigInteger(1, RandomSerialBytes()));

    /// <summary>128 random bits, never all zero, read as an unsigned big-endian integer.</summary>
    public static byte[] RandomSerialBytes()
    {
        var bytes = new byte[16];
        do
        {
            RandomNumberGenerator.Fill(bytes);
        }
        while (bytes.AsSpan().IndexOfAnyExcept((byte)0) < 0);

        return bytes;
    }

    /// <summary>Certificate time truncated to whole seconds (UTCTime until 2049, GeneralizedTime after, per RFC 5280).</summary>
    public static Time ToTime(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        return new Time(new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc));
    }

    public static DateTimeOffset TruncateToSeconds(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    /// <summary>RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING contents.</summary>
    public static byte[] KeyIdentifier(SubjectPublicKeyInfo subjectPublicKeyInfo) =>
#pragma warning disable CA5350 // SHA-1 is the RFC 5280 key identifier method, not a security function.
        SHA1.HashData(subjectPublicKeyInfo.PublicKey.GetOctets());
#pragma warning restore CA5350
}
