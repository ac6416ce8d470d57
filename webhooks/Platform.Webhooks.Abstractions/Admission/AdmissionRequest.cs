using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Webhooks.Abstractions.Admission;

/// <summary>The request half of an AdmissionReview (admission.k8s.io/v1 AdmissionRequest).</summary>
public sealed class AdmissionRequest
{
    /// <summary>Identifies this admission call; the response must echo it.</summary>
    [JsonPropertyName("uid")]
    public string? Uid { get; set; }

    [JsonPropertyName("kind")]
    public GroupVersionKind? Kind { get; set; }

    [JsonPropertyName("resource")]
    public GroupVersionResource? Resource { get; set; }

    [JsonPropertyName("subResource")]
    public string? SubResource { get; set; }

    /// <summary>The kind the caller sent, before the API server converted it (matchPolicy Equivalent).</summary>
    [JsonPropertyName("requestKind")]
    public GroupVersionKind? RequestKind { get; set; }

    [JsonPropertyName("requestResource")]
    public GroupVersionResource? RequestResource { get; set; }

    [JsonPropertyName("requestSubResource")]
    public string? RequestSubResource { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("namespace")]
    public string? Namespace { get; set; }

    /// <summary>CREATE, UPDATE, DELETE or CONNECT (see <see cref="AdmissionOperations"/>).</summary>
    [JsonPropertyName("operation")]
    public string? Operation { get; set; }

    [JsonPropertyName("userInfo")]
    public AdmissionUserInfo? UserInfo { get; set; }

    /// <summary>The object as it will be stored (null on DELETE).</summary>
    [JsonPropertyName("object")]
    public JsonElement? Object { get; set; }

    /// <summary>The stored object (UPDATE and DELETE).</summary>
    [JsonPropertyName("oldObject")]
    public JsonElement? OldObject { get; set; }

    [JsonPropertyName("dryRun")]
    public bool? DryRun { get; set; }

    /// <summary>The CreateOptions/UpdateOptions/DeleteOptions of the operation, as sent.</summary>
    [JsonPropertyName("options")]
    public JsonElement? Options { get; set; }
}
