using System.Text.Json.Serialization;
using k8s.Models;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Spire;

/// <summary>Desired state of a <see cref="ClusterSPIFFEID"/> (field names as spire-controller-manager v1alpha1).</summary>
[Description("ClusterSPIFFEIDSpec defines the desired state of ClusterSPIFFEID")]
public sealed class ClusterSPIFFEIDSpec
{
    /// <summary>Go text/template rendering the SPIFFE ID.</summary>
    [JsonPropertyName("spiffeIDTemplate")]
    [Required]
    [Description("SPIFFEID is the SPIFFE ID template. The node and pod spec are made available to the template under .NodeSpec, .PodSpec respectively.")]
    public string SpiffeIDTemplate { get; set; } = string.Empty;

    /// <summary>Upper bound of the X509-SVID lifetime, a Go duration such as <c>1h</c>.</summary>
    [JsonPropertyName("ttl")]
    [Description("TTL indicates an upper-bound time-to-live for X509 SVIDs minted for this ClusterSPIFFEID. If unset, a default will be chosen.")]
    public string? Ttl { get; set; }

    /// <summary>Upper bound of the JWT-SVID lifetime, a Go duration.</summary>
    [JsonPropertyName("jwtTtl")]
    [Description("JWTTTL indicates an upper-bound time-to-live for JWT SVIDs minted for this ClusterSPIFFEID.")]
    public string? JwtTtl { get; set; }

    /// <summary>Templates rendering extra DNS SANs.</summary>
    [JsonPropertyName("dnsNameTemplates")]
    [Description("DNSNameTemplate represents templates for extra DNS names that are applicable to SVIDs minted for this ClusterSPIFFEID. The node and pod spec are made available to the template under .NodeSpec, .PodSpec respectively.")]
    public List<string>? DnsNameTemplates { get; set; }

    /// <summary>Templates rendering extra workload selectors (<c>type:value</c>).</summary>
    [JsonPropertyName("workloadSelectorTemplates")]
    [Description("WorkloadSelectorTemplates are templates to produce arbitrary workload selectors that apply to a given workload before it will receive this SPIFFE ID. The rendered value is of the form type:value, where the value may, and often does, contain colons, e.g., k8s:container-image:docker/hello-world. The node and pod spec are made available to the template under .NodeSpec, .PodSpec respectively.")]
    public List<string>? WorkloadSelectorTemplates { get; set; }

    /// <summary>Trust domains whose bundles workloads with this ID receive.</summary>
    [JsonPropertyName("federatesWith")]
    [Description("FederatesWith is a list of trust domain names that workloads that obtain this SPIFFE ID will federate with.")]
    public List<string>? FederatesWith { get; set; }

    /// <summary>Namespaces targeted.</summary>
    [JsonPropertyName("namespaceSelector")]
    [Description("NamespaceSelector selects the namespaces that are targeted by this CRD.")]
    public V1LabelSelector? NamespaceSelector { get; set; }

    /// <summary>Pods targeted.</summary>
    [JsonPropertyName("podSelector")]
    [Description("PodSelector selects the pods that are targeted by this CRD.")]
    public V1LabelSelector? PodSelector { get; set; }

    /// <summary>Whether the SVID may call administrative APIs.</summary>
    [JsonPropertyName("admin")]
    [Description("Admin indicates whether or not the SVID can be used to access the SPIRE administrative APIs. Extra care should be taken to only apply this SPIFFE ID to admin workloads.")]
    public bool? Admin { get; set; }

    /// <summary>Whether the entry describes a downstream SPIRE server.</summary>
    [JsonPropertyName("downstream")]
    [Description("Downstream indicates that the entry describes a downstream SPIRE server.")]
    public bool? Downstream { get; set; }

    /// <summary>Whether the DNS names of Services selecting the pod are added as DNS SANs.</summary>
    [JsonPropertyName("autoPopulateDNSNames")]
    [Description("AutoPopulateDNSNames indicates whether or not to auto populate service DNS names.")]
    public bool? AutoPopulateDNSNames { get; set; }

    /// <summary>Which controller class acts on this object.</summary>
    [JsonPropertyName("className")]
    [Description("Set which Controller Class will act on this object")]
    public string? ClassName { get; set; }

    /// <summary>Apply only when no non-fallback ClusterSPIFFEID matched the pod.</summary>
    [JsonPropertyName("fallback")]
    [Description("Apply this ID only if there are no other matching non fallback ClusterSPIFFEIDs.")]
    public bool? Fallback { get; set; }

    /// <summary>Workload API hint.</summary>
    [JsonPropertyName("hint")]
    [Description("Set the entry hint")]
    public string? Hint { get; set; }
}
