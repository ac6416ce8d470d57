using System.Text.Json.Serialization;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.MetalLB;

/// <summary>One address of a pool and the Services holding it (several when shared).</summary>
[Description("An address of the pool and the Services that hold it.")]
public sealed class AddressAssignment
{
    /// <summary>The address.</summary>
    [JsonPropertyName("ip")]
    [Required]
    [Description("The assigned IP address.")]
    public string Ip { get; set; } = string.Empty;

    /// <summary>The holders as <c>namespace/name</c>.</summary>
    [JsonPropertyName("services")]
    [Required]
    [Description("The Services holding the address, as namespace/name.")]
    public List<string> Services { get; set; } = [];
}
