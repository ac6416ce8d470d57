using System.Text.Json.Serialization;
using k8s.Models;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.MetalLB;

/// <summary>A weighted node preference of an <see cref="L2Advertisement"/>.</summary>
[Description("A weighted preference for nodes matching a label selector.")]
public sealed class PreferredNodeSelector
{
    /// <summary>Weight, 1 to 100.</summary>
    [JsonPropertyName("weight")]
    [Required]
    [RangeMinimum(1)]
    [RangeMaximum(100)]
    [Description("Weight associated with matching the preference, in the range 1-100.")]
    public int Weight { get; set; }

    /// <summary>The nodes preferred.</summary>
    [JsonPropertyName("preference")]
    [Required]
    [Description("A label selector for the preferred nodes.")]
    public V1LabelSelector Preference { get; set; } = new();
}
