using System.Text.Json.Serialization;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Istio;

/// <summary>A port of a ServiceEntry (Istio's <c>ServicePort</c>).</summary>
public sealed class ServicePort
{
    /// <summary>The port number; 0 means absent.</summary>
    [JsonPropertyName("number")]
    [Required]
    [RangeMinimum(0)]
    [RangeMaximum(4294967295)]
    [ValidationRule("0 < self && self <= 65535", message: "port must be between 1-65535")]
    [Description("A valid non-negative integer port number.")]
    public uint Number { get; set; }

    /// <summary>The protocol name; empty means protocol sniffing.</summary>
    [JsonPropertyName("protocol")]
    [Length(maxLength: 256)]
    [Description("The protocol exposed on the port.")]
    public string? Protocol { get; set; }

    /// <summary>The port's name, unique within the entry.</summary>
    [JsonPropertyName("name")]
    [Required]
    [Length(maxLength: 256)]
    [Description("Label assigned to the port.")]
    public string Name { get; set; } = "";

    /// <summary>The port on the endpoint; unset means <see cref="Number"/>.</summary>
    [JsonPropertyName("targetPort")]
    [RangeMinimum(0)]
    [RangeMaximum(4294967295)]
    [ValidationRule("0 < self && self <= 65535", message: "port must be between 1-65535")]
    [Description("The port number on the endpoint where the traffic will be received.")]
    public uint? TargetPort { get; set; }
}
