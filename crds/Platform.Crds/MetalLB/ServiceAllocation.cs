using System.Text.Json.Serialization;
using k8s.Models;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.MetalLB;

/// <summary>Pool allocation to namespaces and/or Services (MetalLB's <c>serviceAllocation</c>).</summary>
[Description("ServiceAllocation defines ip pool allocation to namespace and/or service.")]
public sealed class ServiceAllocation
{
    /// <summary>Lower number is tried first; 0 or unset is tried last.</summary>
    [JsonPropertyName("priority")]
    [Description("Priority priority given for ip pool while ip allocation on a service.")]
    public int Priority { get; set; }

    /// <summary>Namespaces whose Services may use the pool.</summary>
    [JsonPropertyName("namespaces")]
    [Description("Namespaces list of namespace(s) on which ip pool can be attached.")]
    public List<string>? Namespaces { get; set; }

    /// <summary>Selectors of namespaces whose Services may use the pool.</summary>
    [JsonPropertyName("namespaceSelectors")]
    [Description("NamespaceSelectors list of label selectors to select namespace(s) for ip pool, an alternative to using namespace list.")]
    public List<V1LabelSelector>? NamespaceSelectors { get; set; }

    /// <summary>Selectors of Services that may use the pool (OR across selectors).</summary>
    [JsonPropertyName("serviceSelectors")]
    [Description("ServiceSelectors list of label selector to select service(s) for which ip pool can be used for ip allocation.")]
    public List<V1LabelSelector>? ServiceSelectors { get; set; }
}
