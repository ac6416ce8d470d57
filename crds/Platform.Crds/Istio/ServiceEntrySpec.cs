using System.Text.Json.Serialization;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Istio;

/// <summary>The spec of a <see cref="ServiceEntry"/>: Istio's <c>istio.networking.v1alpha3.ServiceEntry</c> message.</summary>
[Description("Configuration affecting service registry. See more details at: https://istio.io/docs/reference/config/networking/service-entry.html")]
[ValidationRule("(has(self.workloadSelector) ? 1 : 0) + (has(self.endpoints) ? 1 : 0) <= 1", message: "only one of WorkloadSelector or Endpoints can be set")]
[ValidationRule("!((has(self.addresses) ? self.addresses : []).exists(k, k.contains(\"/\")) && !((has(self.resolution) ? self.resolution : \"NONE\") in [\"STATIC\", \"NONE\"]))", message: "CIDR addresses are allowed only for NONE/STATIC resolution types")]
[ValidationRule("((has(self.resolution) ? self.resolution : \"NONE\") == \"NONE\") ? !has(self.endpoints) : true", message: "NONE mode cannot set endpoints")]
[ValidationRule("((has(self.resolution) ? self.resolution : \"\") == \"DNS_ROUND_ROBIN\") ? ((has(self.endpoints) ? self.endpoints : []).size() <= 1) : true", message: "DNS_ROUND_ROBIN mode cannot have multiple endpoints")]
public sealed class ServiceEntrySpec
{
    /// <summary>The hosts; DNS names, optionally with a wildcard prefix.</summary>
    [JsonPropertyName("hosts")]
    [Required]
    [Items(minItems: 1, maxItems: 256)]
    [ValidationRule("self.all(host, host != \"*\")", message: "hostname cannot be wildcard")]
    [Description("The hosts associated with the ServiceEntry.")]
    public List<string> Hosts { get; set; } = [];

    /// <summary>Virtual IPs or CIDR prefixes of the service.</summary>
    [JsonPropertyName("addresses")]
    [Items(maxItems: 256)]
    [ValidationRule("self.all(address, size(address) <= 64)", message: "addresses may not be longer than 64 characters")]
    [Description("The virtual IP addresses associated with the service.")]
    public List<string>? Addresses { get; set; }

    /// <summary>The service's ports, keyed by name.</summary>
    [JsonPropertyName("ports")]
    [Items(maxItems: 256)]
    [XListType(XListType.Map)]
    [XListMapKeys("name")]
    [ValidationRule("self.all(l1, self.exists_one(l2, l1.number == l2.number))", message: "port number cannot be duplicated")]
    [Description("The ports associated with the external service.")]
    public List<ServicePort>? Ports { get; set; }

    /// <summary><see cref="ServiceEntryLocation"/>; unset means MESH_EXTERNAL.</summary>
    [JsonPropertyName("location")]
    [EnumValues(ServiceEntryLocation.MeshExternal, ServiceEntryLocation.MeshInternal)]
    [Description("Specify whether the service should be considered external to the mesh or part of the mesh.\n\nValid Options: MESH_EXTERNAL, MESH_INTERNAL")]
    public string? Location { get; set; }

    /// <summary><see cref="ServiceEntryResolution"/>; unset means NONE.</summary>
    [JsonPropertyName("resolution")]
    [EnumValues(ServiceEntryResolution.None, ServiceEntryResolution.Static, ServiceEntryResolution.Dns, ServiceEntryResolution.DnsRoundRobin, ServiceEntryResolution.DynamicDns)]
    [Description("Service resolution mode for the hosts.\n\nValid Options: NONE, STATIC, DNS, DNS_ROUND_ROBIN, DYNAMIC_DNS")]
    public string? Resolution { get; set; }

    /// <summary>Inline endpoints. Null (absent) and empty differ: an explicit empty list counts as set, as in Istio.</summary>
    [JsonPropertyName("endpoints")]
    [Items(maxItems: 4096)]
    [Description("One or more endpoints associated with the service.")]
    public List<WorkloadEntrySpec>? Endpoints { get; set; }

    /// <summary>Selects Pods and WorkloadEntries in the entry's namespace as endpoints.</summary>
    [JsonPropertyName("workloadSelector")]
    [Description("Applicable only for MESH_INTERNAL services.")]
    public WorkloadSelector? WorkloadSelector { get; set; }

    /// <summary>Namespaces the service is visible to: <c>.</c>, <c>*</c>, <c>~</c> or namespace names.</summary>
    [JsonPropertyName("exportTo")]
    [Description("A list of namespaces to which this service is exported.")]
    public List<string>? ExportTo { get; set; }

    /// <summary>SANs the client verifies on the server certificate.</summary>
    [JsonPropertyName("subjectAltNames")]
    [Description("If specified, the proxy will verify that the server certificate's subject alternate name matches one of the specified values.")]
    public List<string>? SubjectAltNames { get; set; }
}
