using System.Text.Json.Serialization;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Istio;

/// <summary>The type of an analyzer finding: a name and an <c>IST0000</c> code.</summary>
public sealed class AnalysisMessageType
{
    /// <summary>A human-readable name.</summary>
    [JsonPropertyName("name")]
    [Description("A human-readable name for the message type.")]
    public string? Name { get; set; }

    /// <summary>A code matching <c>^IST[0-9]{4}$</c>.</summary>
    [JsonPropertyName("code")]
    [Description("A 7 character code matching `^IST[0-9]{4}$` intended to uniquely identify the message type.")]
    public string? Code { get; set; }
}
