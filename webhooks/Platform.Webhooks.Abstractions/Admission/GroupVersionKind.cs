using System.Text.Json.Serialization;

namespace Platform.Webhooks.Abstractions.Admission;

/// <summary>metav1.GroupVersionKind; the core group is the empty string.</summary>
public sealed record GroupVersionKind
{
    [JsonPropertyName("group")]
    public string? Group { get; init; }

    [JsonPropertyName("version")]
    public string? Version { get; init; }

    [JsonPropertyName("kind")]
    public string? Kind { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        string.IsNullOrEmpty(Group) ? $"{Version}/{Kind}" : $"{Group}/{Version}/{Kind}";
}
