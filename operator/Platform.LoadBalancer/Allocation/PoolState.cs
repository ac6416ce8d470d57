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

    /// <summary>Addresses in use in allocation order, IPv4 first, with their cells (derived from the free runs; no extra index).</summary>
    public IEnumerable<(NetAddress Address, AddressCell Cell)> UsedAddresses() =>
        V4.UsedOrdinals().Select(o => (V4.AddressAt(o), V4.Cells.Read(o)))
            .Concat(V6.UsedOrdinals().Select(o => (V6.AddressAt(o), V6.Cells.Read(o))));

    public FamilyAddressSpace Space(IpFamily family) => family == IpFamily.IPv4 ? V4 : V6;

    public NetAddress AddressAt(Placement placement) => Space(placement.Family).AddressAt(placement.Ordinal);

    /// <summary>The position of an address this pool owns; false when it does not hand the address out.</summary>
    public bool TryPlace(NetAddress address, out Placement placement)
    {
        var found = Space(address.Family).TryGetOrdinal(address, out var ordinal);
        placement = new Placement(address.Family, ordinal);
        return found;
    }

    public AddressCell CellAt(Placement placement) => Space(placement.Family).Cells.Read(placement.Ordinal);
}
