using System.Text.Json.Serialization;

namespace Platform.Webhooks.Abstractions.Admission;

/// <summary>The subset of metav1.Status an admission response carries.</summary>
public sealed class AdmissionStatus
{
    /// <summary>"Success" or "Failure".</summary>
    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("code")]
    public int? Code { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    /// <summary>Machine-readable reason (metav1.StatusReason), e.g. "BadRequest".</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; set; }
}
