using System.Text.Json.Serialization;

namespace Platform.Webhooks.Abstractions.Admission;

/// <summary>authentication.k8s.io/v1 UserInfo of the requesting user.</summary>
public sealed class AdmissionUserInfo
{
    [JsonPropertyName("username")]
    public string? Username { get; set; }

    [JsonPropertyName("uid")]
    public string? Uid { get; set; }

    [JsonPropertyName("groups")]
    public List<string>? Groups { get; set; }

    [JsonPropertyName("extra")]
    public Dictionary<string, List<string>>? Extra { get; set; }
}
