using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Platform.Identity.Spiffe;

namespace Platform.Identity.Bundles;

/// <summary>
/// SPIFFE bundle (RFC 7517 JWK Set) encoding per SPIFFE_Trust_Domain_and_Bundle.md and X509-SVID.md §6:
/// one <c>use: x509-svid</c> entry per CA certificate with exactly one <c>x5c</c> value and no <c>kid</c>;
/// <c>spiffe_sequence</c> and <c>spiffe_refresh_hint</c> at top level.
/// </summary>
public static class SpiffeBundleCodec
{
    private const string X509SvidUse = "x509-svid";
    private const string JwtSvidUse = "jwt-svid";

    /// <summary>Encodes the bundle as JSON (UTF-8).</summary>
    public static byte[] Encode(SpiffeBundle bundle)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("keys");
            foreach (var certificate in bundle.X509Authorities)
            {
                writer.WriteStartObject();
                writer.WriteString("use", X509SvidUse);
                WriteKeyParameters(writer, certificate);
                writer.WriteStartArray("x5c");
                writer.WriteBase64StringValue(certificate.RawData);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            if (bundle.SequenceNumber is { } sequence)
            {
                writer.WriteNumber("spiffe_sequence", sequence);
            }

            if (bundle.RefreshHint is { } hint)
            {
                writer.WriteNumber("spiffe_refresh_hint", (long)hint.TotalSeconds);
            }

            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>
    /// Decodes a bundle. Entries with an unknown <c>kty</c> or <c>use</c>, or an <c>x509-svid</c> entry without
    /// <c>x5c</c>, are ignored as the spec requires; only the first <c>x5c</c> value is used.
    /// </summary>
    /// <exception cref="FormatException">The document is not a SPIFFE bundle; the message says why.</exception>
    public static SpiffeBundle Decode(TrustDomain trustDomain, ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException)
        {
            throw new FormatException("SPIFFE bundle is not valid JSON");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("SPIFFE bundle must be a JSON object");
            }

            if (!root.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("SPIFFE bundle must have a \"keys\" array");
            }

            long? sequence = null;
            if (root.TryGetProperty("spiffe_sequence", out var sequenceElement))
            {
                sequence = sequenceElement.ValueKind == JsonValueKind.Number && sequenceElement.TryGetInt64(out var s)
                    ? s
                    : throw new FormatException("spiffe_sequence must be an integer");
            }

            TimeSpan? refreshHint = null;
            if (root.TryGetProperty("spiffe_refresh_hint", out var hintElement))
            {
                refreshHint = hintElement.ValueKind == JsonValueKind.Number && hintElement.TryGetInt64(out var h) && h >= 0
                    ? TimeSpan.FromSeconds(h)
                    : throw new FormatException("spiffe_refresh_hint must be a non-negative integer");
            }

            var authorities = new List<X509Certificate2>();
            var index = 0;
            foreach (var key in keys.EnumerateArray())
            {
                var certificate = ReadAuthority(key, index++);
                if (certificate is not null)
                {
                    authorities.Add(certificate);
                }
            }

            return new SpiffeBundle(trustDomain, authorities, sequence, refreshHint);
        }
    }

    private static X509Certificate2? ReadAuthority(JsonElement key, int index)
    {
        if (key.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"keys[{index}] must be a JSON object");
        }

        if (!key.TryGetProperty("kty", out var kty) || kty.ValueKind != JsonValueKind.String ||
            kty.GetString() is not ("EC" or "RSA" or "OKP"))
        {
            return null;
        }

        var use = key.TryGetProperty("use", out var useElement) && useElement.ValueKind == JsonValueKind.String ? useElement.GetString() : null;
        if (use == JwtSvidUse || use != X509SvidUse)
        {
            // JWT authorities are not used by the X.509 path; unknown uses must be ignored.
            return null;
        }

        if (!key.TryGetProperty("x5c", out var x5c) || x5c.ValueKind != JsonValueKind.Array || x5c.GetArrayLength() == 0)
        {
            return null;
        }

        var first = x5c[0];
        if (first.ValueKind != JsonValueKind.String || !first.TryGetBytesFromBase64(out var der))
        {
            throw new FormatException($"keys[{index}].x5c[0] must be base64 DER");
        }

        try
        {
            return X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException)
        {
            throw new FormatException($"keys[{index}].x5c[0] is not an X.509 certificate");
        }
    }

    private static void WriteKeyParameters(Utf8JsonWriter writer, X509Certificate2 certificate)
    {
        using (var ec = certificate.GetECDsaPublicKey())
        {
            if (ec is not null)
            {
                var parameters = ec.ExportParameters(includePrivateParameters: false);
                writer.WriteString("kty", "EC");
                writer.WriteString("crv", parameters.Curve.Oid.FriendlyName switch
                {
                    "nistP256" or "ECDSA_P256" => "P-256",
                    "nistP384" or "ECDSA_P384" => "P-384",
                    "nistP521" or "ECDSA_P521" => "P-521",
                    _ => CurveNameFromOid(parameters.Curve.Oid.Value),
                });
                writer.WriteString("x", Base64Url(parameters.Q.X!));
                writer.WriteString("y", Base64Url(parameters.Q.Y!));
                return;
            }
        }

        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is not null)
        {
            var parameters = rsa.ExportParameters(includePrivateParameters: false);
            writer.WriteString("kty", "RSA");
            writer.WriteString("n", Base64Url(parameters.Modulus!));
            writer.WriteString("e", Base64Url(parameters.Exponent!));
            return;
        }

        throw new NotSupportedException("bundle authorities must have EC or RSA keys");
    }

    private static string CurveNameFromOid(string? oid) => oid switch
    {
        "1.2.840.10045.3.1.7" => "P-256",
        "1.3.132.0.34" => "P-384",
        "1.3.132.0.35" => "P-521",
        _ => throw new NotSupportedException("unsupported curve in bundle authority"),
    };

    private static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
