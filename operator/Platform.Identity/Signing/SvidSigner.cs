using System.Formats.Asn1;
using System.Runtime.CompilerServices;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Platform.Identity.Authority;

namespace Platform.Identity.Signing;

/// <summary>
/// Builds and signs X509-SVIDs with the profile of X509-SVID.md: exactly one URI SAN (the SPIFFE ID, in a
/// critical SAN extension because the subject is empty — no vendor strings), cA=false, keyUsage critical
/// digitalSignature (+keyEncipherment for RSA keys, never keyCertSign/cRLSign), EKU serverAuth+clientAuth,
/// SKI/AKI, a random positive 128-bit serial, NotBefore backdated by a small cushion and NotAfter capped by
/// the CA's own NotAfter.
/// </summary>
/// <remarks>
/// The constant parts (extensions, issuer, signature algorithm) are encoded once with BouncyCastle; the
/// per-SVID TBSCertificate is written with System.Formats.Asn1, because BouncyCastle's DER re-encoding cost
/// about as much as the P-256 signature itself (measured; see tests/Platform.Benchmarks/Identity).
/// </remarks>
internal sealed class SvidSigner
{
    /// <summary>Backdating of NotBefore against clock skew (SPIRE uses 10 s).</summary>
    public static readonly TimeSpan NotBeforeCushion = TimeSpan.FromSeconds(10);

    private static readonly Asn1Tag Explicit0 = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag Explicit3 = new(TagClass.ContextSpecific, 3, isConstructed: true);
    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);
    private static readonly Asn1Tag DnsTag = new(TagClass.ContextSpecific, 2);
    private static readonly byte[] BasicConstraintsDer = Extension(X509Extensions.BasicConstraints, true, new BasicConstraints(cA: false));
    private static readonly byte[] SigningUsageDer = Extension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature));
    private static readonly byte[] RsaUsageDer = Extension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature | KeyUsage.KeyEncipherment));
    private static readonly byte[] ExtendedUsageDer = Extension(X509Extensions.ExtendedKeyUsage, false,
        new ExtendedKeyUsage(KeyPurposeID.id_kp_serverAuth, KeyPurposeID.id_kp_clientAuth));

    private readonly ConditionalWeakTable<SigningAuthority, IssuerParts> issuers = [];

    public IssuedSvid Issue(SvidRequest request, SigningAuthority ca, DateTimeOffset now)
    {
        if (request.Id.IsRoot)
        {
            throw new ArgumentException("an X509-SVID's SPIFFE ID must have a path", nameof(request));
        }

        if (request.Ttl <= TimeSpan.Zero)
        {
            throw new ArgumentException("SVID TTL must be positive", nameof(request));
        }

        var notBefore = CertificateAssembler.TruncateToSeconds(now - NotBeforeCushion);
        var wanted = CertificateAssembler.TruncateToSeconds(now + request.Ttl);
        var notAfter = wanted < ca.NotAfter ? wanted : ca.NotAfter;
        if (notAfter <= now)
        {
            throw new InvalidOperationException("the signing CA has expired");
        }

        var issuer = issuers.GetValue(ca, static a => new IssuerParts(a));
        var writer = new AsnWriter(AsnEncodingRules.DER, 1024);
        using (writer.PushSequence())
        {
            using (writer.PushSequence(Explicit0))
            {
                writer.WriteInteger(2);
            }

            var serial = CertificateAssembler.RandomSerialBytes();
            writer.WriteIntegerUnsigned(serial.AsSpan(serial.AsSpan().IndexOfAnyExcept((byte)0)));
            writer.WriteEncodedValue(issuer.SignatureAlgorithm);
            writer.WriteEncodedValue(issuer.Name);
            using (writer.PushSequence())
            {
                WriteTime(writer, notBefore);
                WriteTime(writer, notAfter);
            }

            // Empty subject: the SAN extension below is critical, as RFC 5280 §4.1.2.6 then requires.
            using (writer.PushSequence())
            {
            }

            writer.WriteEncodedValue(request.PublicKey.Der);
            using (writer.PushSequence(Explicit3))
            using (writer.PushSequence())
            {
                writer.WriteEncodedValue(BasicConstraintsDer);
                writer.WriteEncodedValue(request.KeyType is RequestKeyType.Rsa3072 or RequestKeyType.Rsa4096 ? RsaUsageDer : SigningUsageDer);
                writer.WriteEncodedValue(ExtendedUsageDer);
                WriteSubjectKeyIdentifier(writer, request.PublicKey.KeyIdentifier());
                writer.WriteEncodedValue(issuer.AuthorityKeyIdentifier);
                WriteSubjectAltNames(writer, request);
            }
        }

        var tbs = writer.Encode();
        var signature = ca.Key.Sign(tbs);
        writer.Reset();
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(tbs);
            writer.WriteEncodedValue(issuer.SignatureAlgorithm);
            writer.WriteBitString(signature);
        }

        var leaf = writer.Encode();
        var chain = new byte[1 + ca.ChainForLeavesDer.Count][];
        chain[0] = leaf;
        for (var i = 0; i < ca.ChainForLeavesDer.Count; i++)
        {
            chain[i + 1] = ca.ChainForLeavesDer[i];
        }

        ca.RecordIssued(notAfter);
        return new IssuedSvid(request.Id, chain, notBefore, notAfter);
    }

    private static void WriteTime(AsnWriter writer, DateTimeOffset value)
    {
        // RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
        if (value.Year < 2050)
        {
            writer.WriteUtcTime(value, 2049);
        }
        else
        {
            writer.WriteGeneralizedTime(value, omitFractionalSeconds: true);
        }
    }

    private static void WriteSubjectKeyIdentifier(AsnWriter writer, byte[] keyId)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier("2.5.29.14");
            var inner = new AsnWriter(AsnEncodingRules.DER, 32);
            inner.WriteOctetString(keyId);
            writer.WriteOctetString(inner.Encode());
        }
    }

    private static void WriteSubjectAltNames(AsnWriter writer, SvidRequest request)
    {
        var names = new AsnWriter(AsnEncodingRules.DER, 128);
        using (names.PushSequence())
        {
            names.WriteCharacterString(UniversalTagNumber.IA5String, request.Id.ToString(), UriTag);
            foreach (var dns in request.DnsNames)
            {
                names.WriteCharacterString(UniversalTagNumber.IA5String, dns, DnsTag);
            }
        }

        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier("2.5.29.17");
            writer.WriteBoolean(true);
            writer.WriteOctetString(names.Encode());
        }
    }

    private static byte[] Extension(DerObjectIdentifier oid, bool critical, Asn1Encodable value) =>
        critical
            ? new DerSequence(oid, DerBoolean.True, new DerOctetString(value)).GetDerEncoded()
            : new DerSequence(oid, new DerOctetString(value)).GetDerEncoded();

    /// <summary>Per-CA constants, encoded once.</summary>
    private sealed class IssuerParts(SigningAuthority ca)
    {
        public byte[] Name { get; } = ca.Structure.Subject.GetDerEncoded();

        public byte[] SignatureAlgorithm { get; } = ca.Key.SignatureAlgorithm.GetDerEncoded();

        public byte[] AuthorityKeyIdentifier { get; } =
            Extension(X509Extensions.AuthorityKeyIdentifier, false, new AuthorityKeyIdentifier(ca.SubjectKeyIdentifier));
    }
}
