using System.Text.Json.Serialization;

namespace Platform.Webhooks.Abstractions.Admission;

/// <summary>The response half of an AdmissionReview (admission.k8s.io/v1 AdmissionResponse).</summary>
public sealed class AdmissionResponse
{
    /// <summary>The JSONPatch patch type, the only one admission.k8s.io/v1 defines.</summary>
    public const string JsonPatchType = "JSONPatch";

    /// <summary>Echo of the request uid.</summary>
    [JsonPropertyName("uid")]
    public string Uid { get; set; } = "";

    [JsonPropertyName("allowed")]
    public bool Allowed { get; set; }

    /// <summary>Why the request was denied; the API server shows the message to the user.</summary>
    [JsonPropertyName("status")]
    public AdmissionStatus? Status { get; set; }

    /// <summary>Base64 of an RFC 6902 JSON Patch document.</summary>
    [JsonPropertyName("patch")]
    public string? Patch { get; set; }

    [JsonPropertyName("patchType")]
    public string? PatchType { get; set; }

    /// <summary>Shown by kubectl as "Warning: …" lines.</summary>
    [JsonPropertyName("warnings")]
    public List<string>? Warnings { get; set; }

    [JsonPropertyName("auditAnnotations")]
    public Dictionary<string, string>? AuditAnnotations { get; set; }
}
