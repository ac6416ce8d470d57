using System.Text.Json.Serialization;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Istio;

/// <summary>
/// Istio's <c>WorkloadEntry</c> message: one inline endpoint of a ServiceEntry (and the spec of the standalone
/// WorkloadEntry kind).
/// </summary>
[ValidationRule("has(self.address) || has(self.network)", message: "Address is required")]
[ValidationRule("(has(self.address) ? self.address : \"\").startsWith(\"unix://\") ? !has(self.ports) : true", message: "UDS may not include ports")]
public sealed class WorkloadEntrySpec
{
    /// <summary>An IP, an FQDN (DNS resolution only), <c>unix:///abs/path</c> or <c>unix://@abstract</c>.</summary>
    [JsonPropertyName("address")]
    [Length(maxLength: 256)]
    [ValidationRule("self.startsWith(\"unix://\") ? (self.substring(7, 8) == \"/\" || self.substring(7, 8) == \"@\") : true", message: "UDS must be an absolute path or abstract socket")]
    [ValidationRule("self.startsWith(\"unix://\") ? !self.endsWith(\"/\") : true", message: "UDS may not be a dir")]
    [Description("Address associated with the network endpoint without the port.")]
    public string? Address { get; set; }

    /// <summary>Service port name → endpoint port.</summary>
    [JsonPropertyName("ports")]
    [PropertyLimits(maxProperties: 128)]
    [ValidationRule("self.all(key, size(key) < 63 && key.matches(\"^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$\"))", message: "port name must be valid")]
    [ValidationRule("self.all(key, 0 < self[key] && self[key] <= 65535)", message: "port must be between 1-65535")]
    [Description("Set of ports associated with the endpoint.")]
    public Dictionary<string, uint>? Ports { get; set; }

    /// <summary>Endpoint labels; <c>security.istio.io/tlsMode</c> here overrides the TLS mode.</summary>
    [JsonPropertyName("labels")]
    [PropertyLimits(maxProperties: 256)]
    [Description("One or more labels associated with the endpoint.")]
    public Dictionary<string, string>? Labels { get; set; }

    /// <summary>The L3 network of the endpoint; required when the address is empty.</summary>
    [JsonPropertyName("network")]
    [Length(maxLength: 2048)]
    [Description("Network enables Istio to group endpoints resident in the same L3 domain/network.")]
    public string? Network { get; set; }

    /// <summary><c>region/zone/subzone</c>.</summary>
    [JsonPropertyName("locality")]
    [Length(maxLength: 2048)]
    [Description("The locality associated with the endpoint.")]
    public string? Locality { get; set; }

    /// <summary>Load-balancing weight; 0 or unset means unweighted.</summary>
    [JsonPropertyName("weight")]
    [RangeMinimum(0)]
    [RangeMaximum(4294967295)]
    [Description("The load balancing weight associated with the endpoint.")]
    public uint? Weight { get; set; }

    /// <summary>The workload's service account (in the entry's namespace).</summary>
    [JsonPropertyName("serviceAccount")]
    [Length(maxLength: 253)]
    [Description("The service account associated with the workload if a sidecar is present in the workload.")]
    public string? ServiceAccount { get; set; }
}
