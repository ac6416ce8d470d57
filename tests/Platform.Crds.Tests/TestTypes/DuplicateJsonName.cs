using System.Text.Json.Serialization;

namespace Platform.Crds.Tests.TestTypes;

public sealed class DuplicateJsonName
{
    public string Name { get; set; } = "";

    [JsonPropertyName("name")]
    public string Other { get; set; } = "";
}
