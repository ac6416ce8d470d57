using System.Text.Json.Serialization;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Istio;

/// <summary>An address assigned to a ServiceEntry host (Istio's <c>ServiceEntryAddress</c>).</summary>
public sealed class ServiceEntryAddress
{
    /// <summary>The address, e.g. <c>240.240.0.1</c>.</summary>
    [JsonPropertyName("value")]
    [Description("The address (e.g. 192.168.0.2)")]
    public string? Value { get; set; }

    /// <summary>The host the address belongs to.</summary>
    [JsonPropertyName("host")]
    [Description("The host name associated with this address")]
    public string? Host { get; set; }
}
