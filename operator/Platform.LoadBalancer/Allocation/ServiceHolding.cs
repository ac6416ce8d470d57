using Platform.LoadBalancer.Addressing;

namespace Platform.LoadBalancer.Allocation;

/// <summary>
/// The allocator's record of a Service's one or two addresses, kept inline in the holdings table: a struct of
/// 48 bytes with 64-bit positions instead of address objects. At 100k Services the table's size decides how
/// much memory an allocation touches and how much the table copies when it grows; a per-Service object would
/// also leave long-lived garbage on every re-allocation. Positions beyond 2^64 (a requested address deep in an
/// IPv6 pool larger than a /64) are kept in a side array.
/// </summary>
internal readonly struct ServiceHolding
{
    private readonly ulong first;
    private readonly ulong second;
    private readonly Placement[]? wide;
    private readonly IpFamily firstFamily;

    public ServiceHolding(PoolState pool, ServiceProfile profile, Placement first, Placement second, int count)
    {
        Pool = pool;
        Profile = profile;
        Count = count;
        firstFamily = first.Family;
        if (first.Ordinal <= ulong.MaxValue && (count < 2 || second.Ordinal <= ulong.MaxValue))
        {
            this.first = (ulong)first.Ordinal;
            this.second = count < 2 ? 0 : (ulong)second.Ordinal;
        }
        else
        {
            wide = count < 2 ? [first] : [first, second];
        }
    }

    public PoolState Pool { get; }

    /// <summary>The profile the addresses were assigned with (its ports are freed on release).</summary>
    public ServiceProfile Profile { get; }

    /// <summary>1 or 2.</summary>
    public int Count { get; }

    public Placement First => this[0];

    public Placement Second => Count < 2 ? default : this[1];

    /// <summary>A dual-stack holding has one address of each family, the first family first.</summary>
    public Placement this[int index] => wide is not null
        ? wide[index]
        : index == 0
            ? new Placement(firstFamily, first)
            : new Placement(firstFamily == IpFamily.IPv4 ? IpFamily.IPv6 : IpFamily.IPv4, second);

    /// <summary>The addresses in ingress order.</summary>
    public NetAddress[] Addresses() => Count == 1
        ? [Pool.AddressAt(this[0])]
        : [Pool.AddressAt(this[0]), Pool.AddressAt(this[1])];
}
