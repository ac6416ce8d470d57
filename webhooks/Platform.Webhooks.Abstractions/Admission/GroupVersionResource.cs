using System.Text.Json.Serialization;

namespace Platform.Webhooks.Abstractions.Admission;

/// <summary>metav1.GroupVersionResource; the core group is the empty string.</summary>
public sealed record GroupVersionResource
{
    [JsonPropertyName("group")]
    public string? Group { get; init; }

    [JsonPropertyName("version")]
    public string? Version { get; init; }

    [JsonPropertyName("resource")]
    public string? Resource { get; init; }
}
