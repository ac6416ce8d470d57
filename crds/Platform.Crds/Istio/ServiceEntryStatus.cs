using System.Text.Json.Serialization;
using k8s.Models;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Istio;

/// <summary>
/// The status of a <see cref="ServiceEntry"/>: Istio's common IstioStatus plus the auto-allocated addresses.
/// Unknown fields are preserved, as upstream, so other writers' fields survive a round trip.
/// </summary>
[PreserveUnknownFields]
[Description("Status of the ServiceEntry as written by the control plane: conditions, validation messages and auto-allocated addresses.")]
public sealed class ServiceEntryStatus
{
    /// <summary>Conditions, merged by type.</summary>
    [JsonPropertyName("conditions")]
    [Description("Current service state of the resource.")]
    public List<IstioCondition>? Conditions { get; set; }

    /// <summary>Analyzer findings.</summary>
    [JsonPropertyName("validationMessages")]
    [Description("Includes any errors or warnings detected by Istio's analyzers.")]
    public List<AnalysisMessageBase>? ValidationMessages { get; set; }

    /// <summary>
    /// The generation the status refers to. Integer or string, as upstream (istiod writes int64 as a JSON string), so statuses written by
    /// Istio stay valid; assign a <see cref="long"/> and it is written as a number.
    /// </summary>
    [JsonPropertyName("observedGeneration")]
    [Description("Resource Generation to which the Reconciled Condition refers.")]
    public IntOrString? ObservedGeneration { get; set; }

    /// <summary>Addresses assigned to the entry (auto-allocated VIPs), one v4 and one v6 per host.</summary>
    [JsonPropertyName("addresses")]
    [Description("List of addresses which were assigned to this ServiceEntry.")]
    public List<ServiceEntryAddress>? Addresses { get; set; }
}
