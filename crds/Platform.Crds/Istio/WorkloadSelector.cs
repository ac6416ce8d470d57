using System.Text.Json.Serialization;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Istio;

/// <summary>Selects Pods and WorkloadEntries by label (Istio's <c>WorkloadSelector</c>).</summary>
public sealed class WorkloadSelector
{
    /// <summary>Labels the selected workloads must all carry.</summary>
    [JsonPropertyName("labels")]
    [PropertyLimits(maxProperties: 256)]
    [ValidationRule("self.all(key, size(self[key]) <= 63)", message: "label values may not be longer than 63 characters")]
    [ValidationRule("self.all(key, !self[key].contains(\"*\"))", message: "wildcard is not supported in selector")]
    [Description("One or more labels that indicate a specific set of pods/VMs on which the configuration should be applied.")]
    public Dictionary<string, string>? Labels { get; set; }
}
