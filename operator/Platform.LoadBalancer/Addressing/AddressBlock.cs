namespace Platform.LoadBalancer.Addressing;

/// <summary>
/// A contiguous run of addresses from one <c>addresses</c> entry of a pool: a CIDR or an <c>a-b</c> range.
/// </summary>
/// <param name="Family">The family of both ends.</param>
/// <param name="First">The lowest address.</param>
/// <param name="Last">The highest address (inclusive).</param>
/// <param name="Text">The entry as written in the pool.</param>
public readonly record struct AddressBlock(IpFamily Family, UInt128 First, UInt128 Last, string Text)
{
    /// <summary>The lowest address.</summary>
    public NetAddress Start => new(Family, First);

    /// <summary>The highest address.</summary>
    public NetAddress End => new(Family, Last);

    /// <summary>Whether the address lies in this block.</summary>
    public bool Contains(NetAddress address) => address.Family == Family && address.Value >= First && address.Value <= Last;

    /// <summary>Whether the two blocks share an address.</summary>
    public bool Overlaps(AddressBlock other) => other.Family == Family && other.First <= Last && First <= other.Last;

    /// <summary>
    /// Number of addresses the allocator may hand out, skipping .0/.255 when <paramref name="avoidBuggyIPs"/>
    /// (IPv4 only). An IPv6 ::/0 block, whose size does not fit, reports <see cref="UInt128.MaxValue"/>.
    /// </summary>
    public UInt128 UsableCount(bool avoidBuggyIPs)
    {
        if (avoidBuggyIPs && Family == IpFamily.IPv4)
        {
            return UsableUpTo(Last) - UsableBefore(First);
        }

        var span = Last - First;
        return span == UInt128.MaxValue ? UInt128.MaxValue : span + 1;
    }

    /// <summary>Number of IPv4 addresses in [0, n] whose last byte is neither 0 nor 255.</summary>
    internal static UInt128 UsableUpTo(UInt128 n)
    {
        var low = (int)(n & 0xFF);
        var inLastBlock = low switch
        {
            0 => 0,
            255 => 254,
            _ => low,
        };
        return ((n >> 8) * 254) + (UInt128)inLastBlock;
    }

    /// <summary>Number of usable IPv4 addresses strictly below <paramref name="n"/>.</summary>
    internal static UInt128 UsableBefore(UInt128 n) => n == 0 ? 0 : UsableUpTo(n - 1);

    /// <summary>The IPv4 address whose usable rank (1-based, counted from 0.0.0.0) is <paramref name="rank"/>.</summary>
    internal static UInt128 UsableAt(UInt128 rank)
    {
        var zeroBased = rank - 1;
        return ((zeroBased / 254) << 8) + (zeroBased % 254) + 1;
    }
}
