using System.Text.Json.Serialization;
using k8s.Models;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.MetalLB;

/// <summary>
/// The observed state of an <see cref="IPAddressPool"/>: MetalLB's four counters (distinct IPs; a
/// shared IP counts once), plus this suite's per-address visibility and conditions.
/// </summary>
[Description("IPAddressPoolStatus defines the observed state of IPAddressPool.")]
public sealed class IPAddressPoolStatus
{
    /// <summary>Maximum number of entries in <see cref="Assignments"/>.</summary>
    public const int MaxAssignments = 256;

    /// <summary>Assigned IPv4 addresses.</summary>
    [JsonPropertyName("assignedIPv4")]
    [Required]
    [Description("AssignedIPv4 is the number of assigned IPv4 addresses.")]
    public long AssignedIPv4 { get; set; }

    /// <summary>Assigned IPv6 addresses.</summary>
    [JsonPropertyName("assignedIPv6")]
    [Required]
    [Description("AssignedIPv6 is the number of assigned IPv6 addresses.")]
    public long AssignedIPv6 { get; set; }

    /// <summary>Available IPv4 addresses.</summary>
    [JsonPropertyName("availableIPv4")]
    [Required]
    [Description("AvailableIPv4 is the number of available IPv4 addresses.")]
    public long AvailableIPv4 { get; set; }

    /// <summary>Available IPv6 addresses (saturates at the largest int64).</summary>
    [JsonPropertyName("availableIPv6")]
    [Required]
    [Description("AvailableIPv6 is the number of available IPv6 addresses.")]
    public long AvailableIPv6 { get; set; }

    /// <summary>Which Services hold which address, in allocation order (IPv4 first), at most <see cref="MaxAssignments"/> entries.</summary>
    [JsonPropertyName("assignments")]
    [Items(maxItems: MaxAssignments)]
    [Description("Assignments lists which Services hold which address of this pool, in allocation order (the order of spec.addresses, IPv4 first). It is bounded; assignmentsTruncated tells when entries were left out. (Platform extension.)")]
    public List<AddressAssignment>? Assignments { get; set; }

    /// <summary>True when more addresses are assigned than <see cref="Assignments"/> lists.</summary>
    [JsonPropertyName("assignmentsTruncated")]
    [Description("AssignmentsTruncated is true when more addresses are assigned than the assignments list shows. (Platform extension.)")]
    public bool? AssignmentsTruncated { get; set; }

    /// <summary>Conditions of the pool (e.g. Valid).</summary>
    [JsonPropertyName("conditions")]
    [Description("Conditions describe the state of the pool. (Platform extension.)")]
    public List<V1Condition>? Conditions { get; set; }
}
