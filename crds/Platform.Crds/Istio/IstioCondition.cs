using System.Text.Json.Serialization;
using k8s.Models;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Istio;

/// <summary>A status condition in Istio's shape (<c>istio.meta.v1alpha1.IstioCondition</c>).</summary>
public sealed class IstioCondition
{
    /// <summary>The condition type.</summary>
    [JsonPropertyName("type")]
    [Description("Type is the type of the condition.")]
    public string? Type { get; set; }

    /// <summary><c>True</c>, <c>False</c> or <c>Unknown</c>.</summary>
    [JsonPropertyName("status")]
    [Description("Status is the status of the condition.")]
    public string? Status { get; set; }

    /// <summary>When the condition was last probed.</summary>
    [JsonPropertyName("lastProbeTime")]
    [Format("date-time")]
    [Description("Last time we probed the condition.")]
    public DateTime? LastProbeTime { get; set; }

    /// <summary>When the status last changed.</summary>
    [JsonPropertyName("lastTransitionTime")]
    [Format("date-time")]
    [Description("Last time the condition transitioned from one status to another.")]
    public DateTime? LastTransitionTime { get; set; }

    /// <summary>A one-word CamelCase reason.</summary>
    [JsonPropertyName("reason")]
    [Description("Unique, one-word, CamelCase reason for the condition's last transition.")]
    public string? Reason { get; set; }

    /// <summary>A human-readable message.</summary>
    [JsonPropertyName("message")]
    [Description("Human-readable message indicating details about last transition.")]
    public string? Message { get; set; }

    /// <summary>
    /// The generation the condition refers to. Integer or string, as upstream (istiod writes int64 as a JSON string), so statuses written by
    /// Istio stay valid; assign a <see cref="long"/> and it is written as a number.
    /// </summary>
    [JsonPropertyName("observedGeneration")]
    [Description("Resource Generation to which the Condition refers.")]
    public IntOrString? ObservedGeneration { get; set; }
}
