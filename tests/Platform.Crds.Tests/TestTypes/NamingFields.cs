using System.Text.Json.Serialization;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Tests.TestTypes;

public sealed class NamingFields
{
    public string Zulu { get; set; } = "";

    [JsonPropertyName("renamed_field")]
    public string Renamed { get; set; } = "";

    public string IPAddressPools { get; set; } = "";

    public string Alpha { get; set; } = "";

    [Ignore]
    public string Hidden { get; set; } = "";

    [JsonIgnore]
    public string Internal { get; set; } = "";

    public static string Shared { get; set; } = "";

    public string WriteOnly
    {
        set => Internal = value;
    }
}
