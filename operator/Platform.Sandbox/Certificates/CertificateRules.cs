using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
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
internal static class CertificateRules
{
    private const string Group = "certificates.k8s.io";
    private const long MinMaxExpirationSeconds = 3600;
    private const long KubernetesMaxMaxExpirationSeconds = 86400;
    private const long MaxMaxExpirationSeconds = 7862400;
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

        // Upstream also rejects a signer-linked bundle whose name lacks the prefix; the sandbox still accepts a plain
        // DNS-subdomain name there because the simulated cluster's projected-volume tests create such bundles.
        var prefix = signerName.Replace('/', ':') + ":";
        if (!name.StartsWith(prefix, StringComparison.Ordinal))
        {
            return name.Contains(':', StringComparison.Ordinal)
                ? [NameValidation.Invalid("metadata.name", name, $"ClusterTrustBundle for signerName {signerName} must be named with prefix {prefix}")]
                : NameValidation.Validate(name, NameRule.Subdomain);
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

    /// <summary>Update checks: immutable signer and spec, and the PodCertificateRequest status state machine.</summary>
    public static IReadOnlyList<FieldError> ValidateUpdate(ResourceType type, string subresource, JsonObject next, JsonObject old)
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
                ValidatePodCertificateRequestStatus(next, old, errors);
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

    private static void ValidatePodCertificateRequestStatus(JsonObject next, JsonObject old, List<FieldError> errors)
    {
        var conditions = (next["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var terminal = 0;
        for (var i = 0; i < conditions.Count; i++)
        {
            var conditionType = ObjectJson.Str(conditions[i]["type"]);
            if (!TerminalConditions.Contains(conditionType))
            {
                continue;
            }

            if (++terminal > 1)
            {
                errors.Add(FieldErrors.Invalid($"status.conditions[{i}].type", conditionType, "There may be at most one condition with type \"Issued\", \"Denied\", or \"Failed\""));
            }

            if (ObjectJson.Str(conditions[i]["status"]) != "True")
            {
                errors.Add(FieldErrors.NotSupported($"status.conditions[{i}].status", ObjectJson.Str(conditions[i]["status"]), ["True"]));
            }
        }

        if (errors.Count > 0)
        {
            return;
        }

        if (TerminalCondition(old) is not null)
        {
            if (!JsonNode.DeepEquals(next["status"], old["status"]))
            {
                errors.Add(new FieldError("status", "FieldValueInvalid", "Invalid value: immutable after PodCertificateRequest is issued, denied, or failed"));
            }

            return;
        }

        var status = next["status"] as JsonObject ?? [];
        switch (TerminalCondition(next))
        {
            case "Denied" or "Failed":
                if (status.Any(p => p.Key != "conditions"))
                {
                    errors.Add(new FieldError("status", "FieldValueInvalid", "Invalid value: non-condition status fields must be empty when denying or failing the PodCertificateRequest"));
                }

                break;
            case "Issued":
                ValidateIssued(status, next["spec"] as JsonObject ?? [], errors);
                break;
            default:
                if (status.Any(p => p.Key != "conditions"))
                {
                    errors.Add(new FieldError("status", "FieldValueInvalid", "Invalid value: non-condition status fields must be empty until the PodCertificateRequest is issued"));
                }

                break;
        }
    }

    private static void ValidateIssued(JsonObject status, JsonObject spec, List<FieldError> errors)
    {
        var chain = ObjectJson.Str(status["certificateChain"]);
        X509Certificate2 leaf;
        try
        {
            leaf = X509Certificate2.CreateFromPem(chain);
        }
        catch (CryptographicException)
        {
            errors.Add(new FieldError("status.certificateChain", "FieldValueInvalid", "Invalid value: issued certificate chain must contain at least one certificate"));
            return;
        }

        using (leaf)
        {
            if (RequestedKey(spec) is { } requested && !requested.AsSpan().SequenceEqual(leaf.PublicKey.ExportSubjectPublicKeyInfo()))
            {
                errors.Add(new FieldError("status.certificateChain", "FieldValueInvalid", "Invalid value: leaf certificate was not issued to the requested public key"));
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

            if (notBefore is null || notAfter is null || refresh is null)
            {
                return;
            }

            var lifetime = leaf.NotAfter.ToUniversalTime() - leaf.NotBefore.ToUniversalTime();
            if (lifetime < TimeSpan.FromHours(1))
            {
                errors.Add(new FieldError("status.certificateChain", "FieldValueInvalid", "Invalid value: leaf certificate lifetime must be >= 1 hour"));
            }
            else if (refresh < notBefore.Value.AddMinutes(10))
            {
                errors.Add(new FieldError("status.beginRefreshAt", "FieldValueInvalid", "Invalid value: must be at least 10 minutes after status.notBefore"));
            }
            else if (refresh > notAfter.Value.AddMinutes(-10))
            {
                errors.Add(new FieldError("status.beginRefreshAt", "FieldValueInvalid", "Invalid value: must be at least 10 minutes before status.notAfter"));
            }
        }
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
}
