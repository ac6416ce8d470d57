using System.Text.Json.Serialization;
using k8s.Models;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.MetalLB;

/// <summary>The desired state of an <see cref="L2Advertisement"/>.</summary>
[Description("L2AdvertisementSpec defines the desired state of L2Advertisement.")]
public sealed class L2AdvertisementSpec
{
    /// <summary>Pools by name.</summary>
    [JsonPropertyName("ipAddressPools")]
    [AdditionalPrinterColumn(name: "IPAddressPools")]
    [Description("The list of IPAddressPools to advertise via this advertisement, selected by name.")]
    public List<string>? IpAddressPools { get; set; }

    /// <summary>Pools by label; with an empty name list too, every pool is advertised.</summary>
    [JsonPropertyName("ipAddressPoolSelectors")]
    [AdditionalPrinterColumn(name: "IPAddressPool Selectors")]
    [Description("A selector for the IPAddressPools which would get advertised via this advertisement. If no IPAddressPool is selected by this or by the list, the advertisement is applied to all the IPAddressPools.")]
    public List<V1LabelSelector>? IpAddressPoolSelectors { get; set; }

    /// <summary>Interfaces to announce from; empty means all.</summary>
    [JsonPropertyName("interfaces")]
    [AdditionalPrinterColumn(name: "Interfaces")]
    [Description("A list of interfaces to announce from. The LB IP will be announced only from these interfaces. If the field is not set, we advertise from all the interfaces on the host.")]
    public List<string>? Interfaces { get; set; }

    /// <summary>Nodes allowed to announce; empty means all.</summary>
    [JsonPropertyName("nodeSelectors")]
    [AdditionalPrinterColumn(PrinterColumnPriority.WideView, "Node Selectors")]
    [Description("NodeSelectors allows to limit the nodes to announce as next hops for the LoadBalancer IP. When empty, all the nodes having are announced as next hops.")]
    public List<V1LabelSelector>? NodeSelectors { get; set; }

    /// <summary>Restricts the advertisement to matching Services of the selected pools (MetalLB v0.16.0).</summary>
    [JsonPropertyName("serviceSelectors")]
    [Description("A selector for the services from which IPs are advertised via this advertisement. If empty, all services of the selected pools are advertised.")]
    public List<V1LabelSelector>? ServiceSelectors { get; set; }

    /// <summary>Soft node preferences for the announcer election (MetalLB main after v0.16.1).</summary>
    [JsonPropertyName("preferredNodeSelectors")]
    [Description("PreferredNodeSelectors expresses soft preferences for the node that announces the LoadBalancer IP. Weights add up across matching selectors; they only rank nodes already allowed by nodeSelectors.")]
    public List<PreferredNodeSelector>? PreferredNodeSelectors { get; set; }
}
