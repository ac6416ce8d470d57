using System.Text.Json.Serialization;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.MetalLB;

/// <summary>The desired state of an <see cref="IPAddressPool"/>.</summary>
[Description("IPAddressPoolSpec defines the desired state of IPAddressPool.")]
public sealed class IPAddressPoolSpec
{
    /// <summary>Whether the pool is used for automatic allocation; absent means true.</summary>
    [JsonPropertyName("autoAssign")]
    [DefaultValue("true")]
    [AdditionalPrinterColumn(name: "Auto Assign")]
    [Description("AutoAssign flag used to prevent MetallB from automatic allocation for a pool.")]
    public bool? AutoAssign { get; set; }

    /// <summary>Skip every IPv4 address ending in .0 or .255.</summary>
    [JsonPropertyName("avoidBuggyIPs")]
    [DefaultValue("false")]
    [AdditionalPrinterColumn(name: "Avoid Buggy IPs")]
    [Description("AvoidBuggyIPs prevents addresses ending with .0 and .255 to be used by a pool.")]
    public bool AvoidBuggyIPs { get; set; }

    /// <summary>CIDR prefixes or <c>start-end</c> ranges, IPv4 or IPv6.</summary>
    [JsonPropertyName("addresses")]
    [Required]
    [AdditionalPrinterColumn(name: "Addresses")]
    [Description("A list of IP address ranges over which MetalLB has authority. You can list multiple ranges in a single pool, they will all share the same settings. Each range can be either a CIDR prefix, or an explicit start-end range of IPs.")]
    public List<string> Addresses { get; set; } = [];

    /// <summary>Restricts the pool to namespaces/Services and orders pools by priority (MetalLB's Go field AllocateTo).</summary>
    [JsonPropertyName("serviceAllocation")]
    [Description("AllocateTo makes ip pool allocation to specific namespace and/or service. The controller will use the pool with lowest value of priority in case of multiple matches. A pool with no priority set will be used only if the pools with priority can't be used. If multiple matching IPAddressPools are available it will check for the availability of IPs sorting the matching IPAddressPools by priority, starting from the highest to the lowest. If multiple IPAddressPools have the same priority, the pool name decides (this implementation is deterministic).")]
    public ServiceAllocation? ServiceAllocation { get; set; }
}
