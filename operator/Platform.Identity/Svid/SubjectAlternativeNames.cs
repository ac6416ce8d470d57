using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Platform.Identity.Svid;

/// <summary>The URI and DNS entries of a certificate's subjectAltName extension (RFC 5280 §4.2.1.6).</summary>
internal sealed class SubjectAlternativeNames
{
    public const string Oid = "2.5.29.17";

    private static readonly Asn1Tag DnsTag = new(TagClass.ContextSpecific, 2);
    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);

    private SubjectAlternativeNames(IReadOnlyList<string> uris, IReadOnlyList<string> dnsNames, int otherCount, bool present, bool critical)
    {
        Uris = uris;
        DnsNames = dnsNames;
        OtherCount = otherCount;
        Present = present;
        Critical = critical;
    }

    public IReadOnlyList<string> Uris { get; }

    public IReadOnlyList<string> DnsNames { get; }

    /// <summary>Entries that are neither URI nor DNS (IP, email, directory name, ...).</summary>
    public int OtherCount { get; }

    public bool Present { get; }

    public bool Critical { get; }

    public static SubjectAlternativeNames Read(X509Certificate2 certificate)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value == Oid)
            {
                return Decode(extension.RawData, extension.Critical);
            }
        }

        return new SubjectAlternativeNames([], [], 0, present: false, critical: false);
    }

    /// <summary>Decodes the extension value (GeneralNames).</summary>
    /// <exception cref="AsnContentException">The value is not valid DER.</exception>
    public static SubjectAlternativeNames Decode(ReadOnlyMemory<byte> generalNames, bool critical)
    {
        var uris = new List<string>(1);
        var dnsNames = new List<string>();
        var other = 0;
        var reader = new AsnReader(generalNames, AsnEncodingRules.DER);
        var sequence = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        while (sequence.HasData)
        {
            var tag = sequence.PeekTag();
            if (tag.HasSameClassAndValue(UriTag))
            {
                uris.Add(sequence.ReadCharacterString(UniversalTagNumber.IA5String, UriTag));
            }
            else if (tag.HasSameClassAndValue(DnsTag))
            {
                dnsNames.Add(sequence.ReadCharacterString(UniversalTagNumber.IA5String, DnsTag));
            }
            else
            {
                sequence.ReadEncodedValue();
                other++;
            }
        }

        return new SubjectAlternativeNames(uris, dnsNames, other, present: true, critical);
    }
}
