using System.Text.Json.Serialization;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Istio;

/// <summary>An analyzer finding (Istio's <c>istio.analysis.v1alpha1.AnalysisMessageBase</c>).</summary>
public sealed class AnalysisMessageBase
{
    /// <summary>The message type (name and IST code).</summary>
    [JsonPropertyName("type")]
    [Description("A unique identifier for the type of message: a human-readable name and a code.")]
    public AnalysisMessageType? Type { get; set; }

    /// <summary>UNKNOWN, ERROR, WARNING or INFO.</summary>
    [JsonPropertyName("level")]
    [EnumValues("UNKNOWN", "ERROR", "WARNING", "INFO")]
    [Description("Represents how severe a message is.\n\nValid Options: UNKNOWN, ERROR, WARNING, INFO")]
    public string? Level { get; set; }

    /// <summary>Documentation for this message type.</summary>
    [JsonPropertyName("documentationUrl")]
    [Description("A url pointing to the Istio documentation for this specific error type.")]
    public string? DocumentationUrl { get; set; }
}
