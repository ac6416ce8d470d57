using Platform.LoadBalancer.Addressing;

namespace Platform.LoadBalancer.Allocation;

/// <summary>
/// The usable addresses of one family of one pool, numbered 0..Capacity-1 in allocation order (blocks in
/// the order written, ascending inside a block, .0/.255 left out when avoidBuggyIPs), with the free ones
/// kept as a sorted set of runs. Lowest free, take and return are O(log runs) — never a scan of addresses.
/// </summary>
internal sealed class FamilyAddressSpace
{
    private readonly AddressSegment[] segments;
    private readonly SortedSet<OrdinalRange> free = new(OrdinalRangeByStart.Instance);

    public FamilyAddressSpace(IpFamily family, IEnumerable<AddressBlock> blocks, bool avoidBuggyIPs)
    {
        Family = family;
        var list = new List<AddressSegment>();
        UInt128 offset = 0;
        foreach (var block in blocks.Where(b => b.Family == family))
        {
            var skip = avoidBuggyIPs && family == IpFamily.IPv4;
            var count = block.UsableCount(skip);
            if (count == 0)
            {
                continue;
            }

            // Saturate: only an IPv6 space of 2^128 addresses can overflow, and nobody allocates that far.
            var room = UInt128.MaxValue - offset;
            count = count > room ? room : count;
            list.Add(new AddressSegment(block, offset, count, skip, skip ? AddressBlock.UsableBefore(block.First) : 0));
            offset += count;
        }

        segments = [.. list];
        Capacity = offset;
        if (Capacity > 0)
        {
            free.Add(new OrdinalRange(0, Capacity - 1));
        }
    }

    public IpFamily Family { get; }

    /// <summary>Who holds each used position.</summary>
    public AddressCellPages Cells { get; } = new();

    /// <summary>Number of usable addresses.</summary>
    public UInt128 Capacity { get; }

    /// <summary>The position of an address in allocation order; false when the space does not hand it out.</summary>
    public bool TryGetOrdinal(NetAddress address, out UInt128 ordinal)
    {
        ordinal = 0;
        if (address.Family != Family)
        {
            return false;
        }

        foreach (var segment in segments)
        {
            if (!segment.Block.Contains(address))
            {
                continue;
            }

            if (segment.SkipBuggy)
            {
                if (address.IsBuggy)
                {
                    return false;
                }

                ordinal = segment.Offset + (AddressBlock.UsableUpTo(address.Value) - segment.UsableBefore - 1);
            }
            else
            {
                ordinal = segment.Offset + (address.Value - segment.Block.First);
            }

            return ordinal - segment.Offset < segment.Count;
        }

        return false;
    }

    /// <summary>The address at a position.</summary>
    public NetAddress AddressAt(UInt128 ordinal)
    {
        var lo = 0;
        var hi = segments.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (segments[mid].Offset <= ordinal)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        var segment = segments[lo];
        var local = ordinal - segment.Offset;
        var value = segment.SkipBuggy
            ? AddressBlock.UsableAt(segment.UsableBefore + local + 1)
            : segment.Block.First + local;
        return new NetAddress(Family, value);
    }

    /// <summary>The lowest free position.</summary>
    public bool TryLowestFree(out UInt128 ordinal)
    {
        if (free.Count == 0)
        {
            ordinal = 0;
            return false;
        }

        ordinal = free.Min.Start;
        return true;
    }

    public bool IsFree(UInt128 ordinal) => TryFindRun(ordinal, out _);

    /// <summary>Marks a free position used.</summary>
    public void Take(UInt128 ordinal)
    {
        if (!TryFindRun(ordinal, out var run))
        {
            throw new InvalidOperationException($"ordinal {ordinal} of the {Family} space is not free");
        }

        free.Remove(run);
        if (ordinal > run.Start)
        {
            free.Add(new OrdinalRange(run.Start, ordinal - 1));
        }

        if (ordinal < run.End)
        {
            free.Add(new OrdinalRange(ordinal + 1, run.End));
        }
    }

    /// <summary>Marks a used position free again, merging with neighbouring runs.</summary>
    public void Return(UInt128 ordinal)
    {
        if (ordinal >= Capacity || TryFindRun(ordinal, out _))
        {
            throw new InvalidOperationException($"ordinal {ordinal} of the {Family} space is not in use");
        }

        var start = ordinal;
        var end = ordinal;
        if (ordinal > 0 && TryFindRun(ordinal - 1, out var previous))
        {
            free.Remove(previous);
            start = previous.Start;
        }

        if (ordinal < UInt128.MaxValue && TryFindRun(ordinal + 1, out var next))
        {
            free.Remove(next);
            end = next.End;
        }

        free.Add(new OrdinalRange(start, end));
    }

    /// <summary>Used positions in order: the gaps between free runs (lazy; stop early for a bounded listing).</summary>
    public IEnumerable<UInt128> UsedOrdinals()
    {
        UInt128 next = 0;
        foreach (var run in free)
        {
            for (var o = next; o < run.Start; o++)
            {
                yield return o;
            }

            next = run.End + 1;
        }

        for (var o = next; o < Capacity; o++)
        {
            yield return o;
        }
    }

    private bool TryFindRun(UInt128 ordinal, out OrdinalRange run)
    {
        run = default;
        if (free.Count == 0)
        {
            return false;
        }

        // Fast paths without a tree view: allocation takes the lowest run, releases often land at the edges.
        var min = free.Min;
        if (ordinal < min.Start)
        {
            return false;
        }

        if (ordinal <= min.End)
        {
            run = min;
            return true;
        }

        var max = free.Max;
        if (ordinal >= max.Start)
        {
            run = max;
            return ordinal <= max.End;
        }

        run = free.GetViewBetween(min, new OrdinalRange(ordinal, 0)).Max;
        return run.End >= ordinal;
    }
}
