using System.Text.Json.Serialization;

namespace Platform.Webhooks.Abstractions.Admission;

/// <summary>The admission.k8s.io/v1 AdmissionReview envelope: the API server sends a request, the webhook answers with a response.</summary>
public sealed class AdmissionReview
{
    /// <summary>The only version the suite speaks.</summary>
    public const string V1ApiVersion = "admission.k8s.io/v1";

    /// <summary>The kind every envelope carries.</summary>
    public const string ReviewKind = "AdmissionReview";

    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("request")]
    public AdmissionRequest? Request { get; set; }

    [JsonPropertyName("response")]
    public AdmissionResponse? Response { get; set; }
}
