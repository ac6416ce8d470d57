namespace Platform.LoadBalancer.Allocation;

/// <summary>One gauge value with MetalLB's metric name and its <c>pool</c> label.</summary>
/// <param name="Name">The full metric name.</param>
/// <param name="Pool">The value of the <c>pool</c> label.</param>
/// <param name="Value">The gauge value.</param>
public sealed record AllocatorMetricSample(string Name, string Pool, double Value)
{
    /// <summary>Number of usable IP addresses, per pool.</summary>
    public const string AddressesTotal = "metallb_allocator_addresses_total";

    /// <summary>Number of usable IPv4 addresses, per pool.</summary>
    public const string IPv4AddressesTotal = "metallb_allocator_ipv4_addresses_total";

    /// <summary>Number of usable IPv6 addresses, per pool.</summary>
    public const string IPv6AddressesTotal = "metallb_allocator_ipv6_addresses_total";

    /// <summary>Number of IP addresses in use, per pool.</summary>
    public const string AddressesInUseTotal = "metallb_allocator_addresses_in_use_total";

    /// <summary>Number of IPv4 addresses in use, per pool.</summary>
    public const string IPv4AddressesInUseTotal = "metallb_allocator_ipv4_addresses_in_use_total";

    /// <summary>Number of IPv6 addresses in use, per pool.</summary>
    public const string IPv6AddressesInUseTotal = "metallb_allocator_ipv6_addresses_in_use_total";
}
