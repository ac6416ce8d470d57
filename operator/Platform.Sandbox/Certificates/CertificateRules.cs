using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Platform.Sandbox.Api;
using Platform.Sandbox.Resources;
using Platform.Sandbox.Rest;
using Platform.Sandbox.Schema;
using Platform.Sandbox.Semantics;

namespace Platform.Sandbox.Certificates;

/// <summary>
/// certificates.k8s.io validation as pkg/apis/certificates/validation does it for ClusterTrustBundles
/// (signer-linked names) and PodCertificateRequests (spec rules, proof of possession, immutable spec, status
/// transitions that end at Issued/Denied/Failed).
/// </summary>
internal static partial class CertificateRules
{
    private const string Group = "certificates.k8s.io";
    private const long MinMaxExpirationSeconds = 3600;
    private const long KubernetesMaxMaxExpirationSeconds = 86400;
    private const long MaxMaxExpirationSeconds = 7862400;
    private const int MaxCertificateChainSize = 100 * 1024;
    private const int MaxConditionReasonLength = 1024;
    private const int MaxConditionMessageLength = 32 * 1024;
    private static readonly string[] TerminalConditions = ["Issued", "Denied", "Failed"];

    public static bool IsClusterTrustBundle(ResourceType type) => type.Group == Group && type.Kind == "ClusterTrustBundle";

    public static bool IsPodCertificateRequest(ResourceType type) => type.Group == Group && type.Kind == "PodCertificateRequest";

    /// <summary>
    /// A bundle linked to a signer is named <c>&lt;signerName with '/' as ':'&gt;:&lt;suffix&gt;</c> with a DNS-subdomain
    /// suffix; an unlinked one is a DNS subdomain without ':'.
    /// </summary>
    public static IReadOnlyList<FieldError> ClusterTrustBundleName(string name, string signerName)
    {
        if (signerName.Length == 0)
        {
            return name.Contains(':', StringComparison.Ordinal)
                ? [NameValidation.Invalid("metadata.name", name, "ClusterTrustBundle without signer name must not have \":\" in its name")]
                : NameValidation.Validate(name, NameRule.Subdomain);
        }

        var prefix = signerName.Replace('/', ':') + ":";
        if (!name.StartsWith(prefix, StringComparison.Ordinal))
        {
            return [NameValidation.Invalid("metadata.name", name, $"ClusterTrustBundle for signerName {signerName} must be named with prefix {prefix}")];
        }

        return NameValidation.Validate(name[prefix.Length..], NameRule.Subdomain).Select(e => e with { Detail = e.Detail.Replace($"\"{name[prefix.Length..]}\"", $"\"{name}\"", StringComparison.Ordinal) }).ToList();
    }

    /// <summary>Create-time checks for certificates.k8s.io kinds beyond the object name.</summary>
    public static IReadOnlyList<FieldError> ValidateCreate(ResourceType type, JsonObject obj)
    {
        var errors = new List<FieldError>();
        if (IsClusterTrustBundle(type))
        {
            if (ObjectJson.Str(obj["spec"]?["signerName"]) is { Length: > 0 } signer)
            {
                errors.AddRange(SignerName("spec.signerName", signer));
            }
        }
        else if (IsPodCertificateRequest(type))
        {
            obj.Remove("status");
            var spec = obj["spec"] as JsonObject ?? [];
            obj["spec"] = spec;

            // The API's default for an unset maxExpirationSeconds.
            spec["maxExpirationSeconds"] ??= KubernetesMaxMaxExpirationSeconds;
            ValidatePodCertificateRequestSpec(spec, errors);
        }

        return errors;
    }

    /// <summary>
    /// Update checks: immutable signer and spec, and the PodCertificateRequest status state machine (an issued
    /// certificate is checked against the request and against <paramref name="now"/>, the API server's clock).
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateUpdate(ResourceType type, string subresource, JsonObject next, JsonObject old, DateTimeOffset now)
    {
        var errors = new List<FieldError>();
        if (IsClusterTrustBundle(type) && !JsonNode.DeepEquals(next["spec"]?["signerName"], old["spec"]?["signerName"]))
        {
            errors.Add(Immutable("spec.signerName", ObjectJson.Str(next["spec"]?["signerName"])));
        }
        else if (IsPodCertificateRequest(type))
        {
            if (subresource == "status")
            {
                ValidatePodCertificateRequestStatus(next, old, now, errors);
            }
            else if (!JsonNode.DeepEquals(next["spec"], old["spec"]))
            {
                errors.Add(new FieldError("spec", "FieldValueInvalid", "Invalid value: field is immutable"));
            }
        }

        return errors;
    }

    private static void ValidatePodCertificateRequestSpec(JsonObject spec, List<FieldError> errors)
    {
        var signer = ObjectJson.Str(spec["signerName"]);
        errors.AddRange(SignerName("spec.signerName", signer));
        NameField(spec, "podName", NameRule.Subdomain, errors);
        UidField(spec, "podUID", errors);
        NameField(spec, "serviceAccountName", NameRule.Subdomain, errors);
        UidField(spec, "serviceAccountUID", errors);
        NameField(spec, "nodeName", NameRule.Subdomain, errors);
        UidField(spec, "nodeUID", errors);
        if (ObjectJson.Long(spec["maxExpirationSeconds"]) is not { } max)
        {
            errors.Add(FieldErrors.Required("spec.maxExpirationSeconds", "must be set"));
            return;
        }

        var upper = signer.StartsWith("kubernetes.io/", StringComparison.Ordinal) ? KubernetesMaxMaxExpirationSeconds : MaxMaxExpirationSeconds;
        if (max < MinMaxExpirationSeconds || max > upper)
        {
            errors.Add(FieldErrors.Invalid("spec.maxExpirationSeconds", max, $"must be in the range [{MinMaxExpirationSeconds}, {upper}]"));
        }

        var podUid = ObjectJson.Str(spec["podUID"]);
        if (Bytes(spec["stubPKCS10Request"]) is { Length: > 0 } stub)
        {
            if (ProofOfPossession.VerifyStubRequest(stub) is { } stubError)
            {
                errors.Add(new FieldError("spec.stubPKCS10Request", "FieldValueInvalid", "Invalid value: " + stubError));
            }
        }
        else if (Bytes(spec["pkixPublicKey"]) is { Length: > 0 } spki)
        {
            var proof = Bytes(spec["proofOfPossession"]) ?? [];
            if (ProofOfPossession.CheckKey(spki).Error is { } keyError)
            {
                errors.Add(new FieldError("spec.pkixPublicKey", "FieldValueInvalid", "Invalid value: " + keyError));
            }
            else if (ProofOfPossession.VerifyPodUidSignature(spki, proof, podUid) is { } proofError)
            {
                errors.Add(new FieldError("spec.proofOfPossession", "FieldValueInvalid", "Invalid value: " + proofError));
            }
        }
        else
        {
            errors.Add(FieldErrors.Required("spec.stubPKCS10Request", "must be set"));
        }
    }

    private static void ValidatePodCertificateRequestStatus(JsonObject next, JsonObject old, DateTimeOffset now, List<FieldError> errors)
    {
        var conditions = (next["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var terminal = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < conditions.Count; i++)
        {
            var path = $"status.conditions[{i}]";
            var conditionType = ObjectJson.Str(conditions[i]["type"]);
            if (TerminalConditions.Contains(conditionType))
            {
                if (++terminal > 1)
                {
                    errors.Add(FieldErrors.Invalid($"{path}.type", conditionType, "There may be at most one condition with type \"Issued\", \"Denied\", or \"Failed\""));
                }

                if (ObjectJson.Str(conditions[i]["status"]) != "True")
                {
                    errors.Add(FieldErrors.NotSupported($"{path}.status", ObjectJson.Str(conditions[i]["status"]), ["True"]));
                }
            }
            else
            {
                errors.Add(FieldErrors.NotSupported($"{path}.type", conditionType, TerminalConditions));
            }

            if (!seen.Add(conditionType))
            {
                errors.Add(FieldErrors.Duplicate($"{path}.type", conditionType));
            }

            ValidateCondition(conditions[i], path, errors);
        }

        if (errors.Count > 0)
        {
            return;
        }

        if (TerminalCondition(old) is not null)
        {
            if (!SemanticallyEqual(next["status"], old["status"]))
            {
                errors.Add(new FieldError("status", "FieldValueInvalid", "Invalid value: immutable after PodCertificateRequest is issued, denied, or failed"));
            }

            return;
        }

        var status = next["status"] as JsonObject ?? [];
        switch (TerminalCondition(next))
        {
            case "Denied" or "Failed":
                if (!SemanticallyEqual(new JsonObject(status.Where(p => p.Key != "conditions").Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))), null))
                {
                    errors.Add(new FieldError("status", "FieldValueInvalid", "Invalid value: non-condition status fields must be empty when denying or failing the PodCertificateRequest"));
                }

                break;
            case "Issued":
                ValidateIssued(status, next["spec"] as JsonObject ?? [], now, errors);
                break;
            default:
                if (!SemanticallyEqual(next["status"], old["status"]))
                {
                    errors.Add(new FieldError("status", "FieldValueInvalid", "Invalid value: status is immutable unless transitioning to \"Issued\", \"Denied\", or \"Failed\""));
                }

                break;
        }
    }

    /// <summary>metav1 condition rules (ValidateCondition): status value, lastTransitionTime, reason format, lengths.</summary>
    private static void ValidateCondition(JsonObject condition, string path, List<FieldError> errors)
    {
        var status = ObjectJson.Str(condition["status"]);
        if (status is not ("True" or "False" or "Unknown"))
        {
            errors.Add(FieldErrors.NotSupported($"{path}.status", status, ["False", "True", "Unknown"]));
        }

        if (ObjectJson.Long(condition["observedGeneration"]) < 0)
        {
            errors.Add(FieldErrors.Invalid($"{path}.observedGeneration", ObjectJson.Long(condition["observedGeneration"]), "must be greater than or equal to zero"));
        }

        if (Time(condition["lastTransitionTime"]) is null)
        {
            errors.Add(FieldErrors.Required($"{path}.lastTransitionTime", "must be set"));
        }

        var reason = ObjectJson.Str(condition["reason"]);
        if (reason.Length == 0)
        {
            errors.Add(FieldErrors.Required($"{path}.reason", "must be set"));
        }
        else
        {
            if (!ConditionReason().IsMatch(reason))
            {
                errors.Add(FieldErrors.Invalid($"{path}.reason", reason,
                    "a condition reason must start with alphabetic character, optionally followed by a string of alphanumeric characters or '_,:', and must end with an alphanumeric character or '_' " +
                    "(e.g. 'my_name',  or 'MY_NAME',  or 'MyName',  or 'ReasonA,ReasonB',  or 'ReasonA:ReasonB', regex used for validation is '[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?')"));
            }

            if (reason.Length > MaxConditionReasonLength)
            {
                errors.Add(FieldErrors.TooLong($"{path}.reason", MaxConditionReasonLength));
            }
        }

        if (ObjectJson.Str(condition["message"]).Length > MaxConditionMessageLength)
        {
            errors.Add(FieldErrors.TooLong($"{path}.message", MaxConditionMessageLength));
        }
    }

    /// <summary>
    /// An issued certificate, in upstream's order: a bounded chain of CERTIFICATE blocks whose leaf parses, has sane
    /// SANs and carries the requested key; notBefore and notAfter equal to the leaf's and notBefore within 5 minutes of
    /// the server's clock; a lifetime in [1h, spec.maxExpirationSeconds]; beginRefreshAt in [notBefore+10m, notAfter-10m].
    /// </summary>
    private static void ValidateIssued(JsonObject status, JsonObject spec, DateTimeOffset now, List<FieldError> errors)
    {
        const string chainPath = "status.certificateChain";
        var chain = ObjectJson.Str(status["certificateChain"]);
        if (chain.Length > MaxCertificateChainSize)
        {
            errors.Add(FieldErrors.TooLong(chainPath, MaxCertificateChainSize));
            return;
        }

        var blocks = PemBlocks(chain);
        if (blocks.Count == 0)
        {
            errors.Add(FieldErrors.Invalid(chainPath, chain, "issued certificate chain must contain at least one certificate"));
            return;
        }

        if (blocks[0].Label != "CERTIFICATE")
        {
            errors.Add(FieldErrors.Invalid(chainPath, chain, "issued certificate chain must consist entirely of CERTIFICATE PEM blocks"));
            return;
        }

        X509Certificate2 leaf;
        try
        {
            leaf = X509CertificateLoader.LoadCertificate(blocks[0].Der);
        }
        catch (CryptographicException)
        {
            errors.Add(FieldErrors.Invalid(chainPath, chain, "leaf certificate does not parse as valid X.509"));
            return;
        }

        using (leaf)
        {
            ValidateLeafNames(leaf, errors);
            if (RequestedKey(spec) is { } requested && !requested.AsSpan().SequenceEqual(leaf.PublicKey.ExportSubjectPublicKeyInfo()))
            {
                errors.Add(FieldErrors.Invalid(chainPath, chain, "leaf certificate was not issued to the requested public key"));
                return;
            }

            var notBefore = Time(status["notBefore"]);
            var notAfter = Time(status["notAfter"]);
            var refresh = Time(status["beginRefreshAt"]);
            if (notBefore is null)
            {
                errors.Add(FieldErrors.Required("status.notBefore", "must be present and consistent with the issued certificate"));
            }

            if (notAfter is null)
            {
                errors.Add(FieldErrors.Required("status.notAfter", "must be present and consistent with the issued certificate"));
            }

            if (refresh is null)
            {
                errors.Add(FieldErrors.Required("status.beginRefreshAt", "must be present and in the range [notbefore+10min, notafter-10min]"));
            }

            if (errors.Count > 0 || notBefore is not { } before || notAfter is not { } after || refresh is not { } begin)
            {
                return;
            }

            var leafNotBefore = new DateTimeOffset(leaf.NotBefore.ToUniversalTime());
            var leafNotAfter = new DateTimeOffset(leaf.NotAfter.ToUniversalTime());
            if (before != leafNotBefore)
            {
                errors.Add(TimeInvalid("status.notBefore", before, "must be set to the NotBefore time encoded in the leaf certificate"));
            }
            else if (before <= now.AddMinutes(-5) || before >= now.AddMinutes(5))
            {
                errors.Add(TimeInvalid("status.notBefore", before, "must be set to within 5 minutes of kube-apiserver's current time"));
            }
            else if (after != leafNotAfter)
            {
                errors.Add(TimeInvalid("status.notAfter", after, "must be set to the NotAfter time encoded in the leaf certificate"));
            }
            else if (leafNotAfter - leafNotBefore is var lifetime && lifetime < TimeSpan.FromHours(1))
            {
                errors.Add(new FieldError(chainPath, "FieldValueInvalid", $"Invalid value: {GoDuration(lifetime)}: leaf certificate lifetime must be >= 1 hour"));
            }
            else if (ObjectJson.Long(spec["maxExpirationSeconds"]) is { } max && lifetime > TimeSpan.FromSeconds(max))
            {
                errors.Add(new FieldError(chainPath, "FieldValueInvalid", $"Invalid value: {GoDuration(lifetime)}: leaf certificate lifetime must be <= spec.maxExpirationSeconds ({max})"));
            }
            else if (begin < before.AddMinutes(10))
            {
                errors.Add(TimeInvalid("status.beginRefreshAt", begin, "must be at least 10 minutes after status.notBefore"));
            }
            else if (begin > after.AddMinutes(-10))
            {
                errors.Add(TimeInvalid("status.beginRefreshAt", begin, "must be at least 10 minutes before status.notAfter"));
            }
            else
            {
                ValidateIntermediates(blocks, chain, errors);
            }
        }
    }

    private static void ValidateLeafNames(X509Certificate2 leaf, List<FieldError> errors)
    {
        const string chainPath = "status.certificateChain";
        foreach (var extension in leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>())
        {
            foreach (var dnsName in extension.EnumerateDnsNames())
            {
                if (dnsName.Length == 0)
                {
                    errors.Add(FieldErrors.Invalid(chainPath, dnsName, "leaf certificate should not contain empty DNSName"));
                }

                if (dnsName.Contains("..", StringComparison.Ordinal))
                {
                    errors.Add(FieldErrors.Invalid(chainPath, dnsName, "leaf certificate's DNSName should not contain '..'"));
                }

                if (dnsName.StartsWith('.') || dnsName.EndsWith('.'))
                {
                    errors.Add(FieldErrors.Invalid(chainPath, dnsName, "leaf certificate's DNSName should not start or end with '.'"));
                }
            }
        }

        foreach (var email in RfcEmailAddresses(leaf))
        {
            if (!System.Net.Mail.MailAddress.TryCreate(email, out _))
            {
                errors.Add(FieldErrors.Invalid(chainPath, email, "leaf certificate should not contain invalid EmailAddress"));
            }
        }
    }

    /// <summary>The rfc822Name entries ([1] IA5String) of the leaf's subjectAltName.</summary>
    private static IEnumerable<string> RfcEmailAddresses(X509Certificate2 leaf)
    {
        var san = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (san is null)
        {
            return [];
        }

        var names = new List<string>();
        try
        {
            var reader = new System.Formats.Asn1.AsnReader(san.RawData, System.Formats.Asn1.AsnEncodingRules.DER).ReadSequence();
            var rfc822 = new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 1);
            while (reader.HasData)
            {
                if (reader.PeekTag().HasSameClassAndValue(rfc822))
                {
                    names.Add(reader.ReadCharacterString(System.Formats.Asn1.UniversalTagNumber.IA5String, rfc822));
                }
                else
                {
                    reader.ReadEncodedValue();
                }
            }
        }
        catch (System.Formats.Asn1.AsnContentException)
        {
        }

        return names;
    }

    private static void ValidateIntermediates(List<(string Label, byte[] Der)> blocks, string chain, List<FieldError> errors)
    {
        foreach (var (label, der) in blocks.Skip(1))
        {
            if (label != "CERTIFICATE")
            {
                // Upstream's wording, typo included.
                errors.Add(FieldErrors.Invalid("status.certificateChain", chain, "issued certificate chain must consist entirely of CERTFICATE PEM blocks"));
                return;
            }

            try
            {
                using var intermediate = X509CertificateLoader.LoadCertificate(der);
            }
            catch (CryptographicException)
            {
                errors.Add(FieldErrors.Invalid("status.certificateChain", chain, "intermediate certificate does not parse as valid X.509"));
                return;
            }
        }
    }

    /// <summary>The PEM blocks of a chain in order, as Go's pem.Decode walks them (text between blocks is skipped).</summary>
    private static List<(string Label, byte[] Der)> PemBlocks(string pem)
    {
        var blocks = new List<(string, byte[])>();
        var rest = pem.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var der = new byte[fields.DecodedDataLength];
            if (!Convert.TryFromBase64Chars(rest[fields.Base64Data], der, out var written))
            {
                break;
            }

            blocks.Add((rest[fields.Label].ToString(), der[..written]));
            rest = rest[fields.Location.End.GetOffset(rest.Length)..];
        }

        return blocks;
    }

    /// <summary>Semantic equality of status values: absent, null and empty values are the same (Go zero values).</summary>
    private static bool SemanticallyEqual(JsonNode? a, JsonNode? b) => JsonNode.DeepEquals(WithoutZeroValues(a), WithoutZeroValues(b));

    private static JsonNode? WithoutZeroValues(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                var kept = new JsonObject();
                foreach (var (key, value) in o)
                {
                    if (WithoutZeroValues(value) is { } v)
                    {
                        kept[key] = v;
                    }
                }

                return kept.Count == 0 ? null : kept;
            case JsonArray a:
                return a.Count == 0 ? null : new JsonArray([.. a.Select(x => x?.DeepClone())]);
            case JsonValue v when v.TryGetValue<string>(out var s) && s.Length == 0:
                return null;
            default:
                return node?.DeepClone();
        }
    }

    private static FieldError TimeInvalid(string path, DateTimeOffset value, string detail) =>
        new(path, "FieldValueInvalid", $"Invalid value: {GoTime(value)}: {detail}");

    /// <summary>Go's time.Time String() in UTC, as field errors print a time value.</summary>
    private static string GoTime(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " +0000 UTC";

    /// <summary>Go's time.Duration String() for whole seconds: 1h0m0s, 59m0s, 30s.</summary>
    private static string GoDuration(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        var sign = seconds < 0 ? "-" : "";
        seconds = Math.Abs(seconds);
        var (h, m, sec) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        return h > 0 ? $"{sign}{h}h{m}m{sec}s" : m > 0 ? $"{sign}{m}m{sec}s" : $"{sign}{sec}s";
    }

    /// <summary>The SubjectPublicKeyInfo the request was made for (stub PKCS#10 or deprecated pkixPublicKey).</summary>
    private static byte[]? RequestedKey(JsonObject spec)
    {
        if (Bytes(spec["pkixPublicKey"]) is { Length: > 0 } spki)
        {
            return spki;
        }

        return Bytes(spec["stubPKCS10Request"]) is { Length: > 0 } stub ? ProofOfPossession.StubPublicKey(stub) : null;
    }

    private static string? TerminalCondition(JsonObject obj) =>
        (obj["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>()
            .Select(c => ObjectJson.Str(c["type"]))
            .FirstOrDefault(t => TerminalConditions.Contains(t));

    private static IEnumerable<FieldError> SignerName(string path, string signer)
    {
        if (signer.Length == 0)
        {
            yield return FieldErrors.Required(path);
            yield break;
        }

        var slash = signer.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == signer.Length - 1 || signer.IndexOf('/', slash + 1) >= 0 || !NameValidation.IsSubdomain(signer[..slash]))
        {
            yield return FieldErrors.Invalid(path, signer, "must be a fully qualified domain and path of the form 'example.com/signer-name'");
        }
    }

    private static void NameField(JsonObject spec, string field, NameRule rule, List<FieldError> errors)
    {
        var value = ObjectJson.Str(spec[field]);
        errors.AddRange(value.Length == 0
            ? [FieldErrors.Required("spec." + field)]
            : NameValidation.Validate(value, rule, "spec." + field));
    }

    private static void UidField(JsonObject spec, string field, List<FieldError> errors)
    {
        var value = ObjectJson.Str(spec[field]);
        if (value.Length == 0)
        {
            errors.Add(FieldErrors.Invalid("spec." + field, value, "must not be empty"));
        }
        else if (value.Length > 128)
        {
            errors.Add(FieldErrors.TooLong("spec." + field, 128));
        }
    }

    private static FieldError Immutable(string path, string value) => FieldErrors.Invalid(path, value, "field is immutable");

    private static byte[]? Bytes(JsonNode? node)
    {
        var text = ObjectJson.Str(node);
        if (text.Length == 0)
        {
            return null;
        }

        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return [];
        }
    }

    private static DateTimeOffset? Time(JsonNode? node) =>
        DateTimeOffset.TryParse(ObjectJson.Str(node), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    [GeneratedRegex("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$")]
    private static partial Regex ConditionReason();
}
