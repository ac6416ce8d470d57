using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;
using Platform.Identity.Svid;

namespace Platform.Identity.Signing;

/// <summary>
/// Reads PKCS#10 requests (DER, or PEM "CERTIFICATE REQUEST") with System.Formats.Asn1: the subject key
/// verbatim, its type, the requested SANs. Signature checks (proof of possession) use BouncyCastle, on demand.
/// Every failure becomes a fixed message, never parser text, so no request bytes leak into status or logs.
/// </summary>
internal static class CertificationRequestReader
{
    private const string ExtensionRequest = "1.2.840.113549.1.9.14";
    private static readonly Asn1Tag AttributesTag = new(TagClass.ContextSpecific, 0, isConstructed: true);

    public static bool TryRead(ReadOnlySpan<byte> derOrPem, out ParsedCertificationRequest? request, out string error)
    {
        request = null;
        if (!TryUnwrapPem(derOrPem, out var der, out error))
        {
            return false;
        }

        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.DER);
            var outer = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var info = outer.ReadSequence();
            outer.ReadSequence();
            outer.ReadBitString(out _);
            outer.ThrowIfNotEmpty();

            if (info.ReadInteger() != 0)
            {
                error = "request version must be 1 (0)";
                return false;
            }

            var subject = info.ReadEncodedValue();
            var publicKey = SubjectPublicKey.Read(info.ReadEncodedValue().ToArray());
            SubjectAlternativeNames? names = null;
            if (info.HasData)
            {
                var attributes = info.ReadSetOf(skipSortOrderValidation: true, AttributesTag);
                while (attributes.HasData)
                {
                    var attribute = attributes.ReadSequence();
                    var type = attribute.ReadObjectIdentifier();
                    var values = attribute.ReadSetOf(skipSortOrderValidation: true);
                    if (type == ExtensionRequest && values.HasData)
                    {
                        names = ReadNames(values.ReadSequence()) ?? names;
                    }
                }
            }

            info.ThrowIfNotEmpty();
            request = new ParsedCertificationRequest(der, publicKey, names, hasSubject: subject.Length > 2);
            error = string.Empty;
            return true;
        }
        catch (AsnContentException)
        {
            error = "request is not a valid PKCS#10 certificate signing request";
            return false;
        }
    }

    private static SubjectAlternativeNames? ReadNames(AsnReader extensions)
    {
        while (extensions.HasData)
        {
            var extension = extensions.ReadSequence();
            var oid = extension.ReadObjectIdentifier();
            var critical = extension.HasData && extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean) && extension.ReadBoolean();
            var value = extension.ReadOctetString();
            if (oid == SubjectAlternativeNames.Oid)
            {
                return SubjectAlternativeNames.Decode(value, critical);
            }
        }

        return null;
    }

    private static bool TryUnwrapPem(ReadOnlySpan<byte> input, out byte[] der, out string error)
    {
        error = string.Empty;
        der = [];
        if (input.Length == 0)
        {
            error = "request is empty";
            return false;
        }

        if (input[0] == 0x30)
        {
            der = input.ToArray();
            return true;
        }

        var text = Encoding.ASCII.GetString(input);
        if (!PemEncoding.TryFind(text, out var fields) || text[fields.Label] is not ("CERTIFICATE REQUEST" or "NEW CERTIFICATE REQUEST"))
        {
            error = "request is neither DER nor a PEM \"CERTIFICATE REQUEST\" block";
            return false;
        }

        der = Convert.FromBase64String(text[fields.Base64Data]);
        return true;
    }
}
