using Platform.LoadBalancer.Addressing;

namespace Platform.LoadBalancer.Allocation;

/// <summary>A pool as the allocator tracks it: its two address spaces and the addresses in use.</summary>
internal sealed class PoolState(AddressPoolDefinition definition)
{
    public AddressPoolDefinition Definition { get; } = definition;

    public FamilyAddressSpace V4 { get; } = new(IpFamily.IPv4, definition.Blocks, definition.AvoidBuggyIPs);

    public FamilyAddressSpace V6 { get; } = new(IpFamily.IPv6, definition.Blocks, definition.AvoidBuggyIPs);

    public long InUseV4 { get; set; }

    public long InUseV6 { get; set; }

    public long InUse => InUseV4 + InUseV6;

    /// <summary>Addresses in use in allocation order, IPv4 first (derived from the free runs; no extra index).</summary>
    public IEnumerable<NetAddress> UsedAddresses() =>
        V4.UsedOrdinals().Select(V4.AddressAt).Concat(V6.UsedOrdinals().Select(V6.AddressAt));

    public FamilyAddressSpace Space(IpFamily family) => family == IpFamily.IPv4 ? V4 : V6;
}
