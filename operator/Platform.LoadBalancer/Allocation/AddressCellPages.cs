using System.Runtime.InteropServices;

namespace Platform.LoadBalancer.Allocation;

/// <summary>
/// The <see cref="AddressCell"/>s of one family space, indexed by ordinal, in pages of 64 (1 KB) that exist only
/// while one of their addresses is in use. Automatic allocation hands out the lowest free ordinal, so used
/// ordinals are dense from 0: pages of the first 2^22 positions sit in an array (one indirection, no hashing;
/// the array grows only as far as the highest page used, at most 768 KB with its counts); requested addresses
/// further out (a big IPv4 pool, an IPv6 /64) go to a dictionary of pages. Small pages bound the memory that
/// requested addresses scattered over a large pool can pin: 1 KB each.
/// </summary>
internal sealed class AddressCellPages
{
    private const int PageBits = 6;
    private const int PageSize = 1 << PageBits;
    private const int DensePageLimit = 1 << 16;

    private AddressCell[]?[] dense = [];
    private int[] denseOccupied = [];
    private Dictionary<UInt128, AddressCell[]>? sparse;
    private Dictionary<UInt128, int>? sparseOccupied;

    /// <summary>The cell at an ordinal (free when never written).</summary>
    public AddressCell Read(UInt128 ordinal)
    {
        var page = ordinal >> PageBits;
        var slot = (int)(ulong)(ordinal & (PageSize - 1));
        if (page < DensePageLimit)
        {
            var index = (int)(ulong)page;
            return index < dense.Length && dense[index] is { } cells ? cells[slot] : default;
        }

        return sparse is not null && sparse.TryGetValue(page, out var far) ? far[slot] : default;
    }

    /// <summary>Stores a cell; a page is created on its first use and dropped when its last address is freed.</summary>
    public void Write(UInt128 ordinal, AddressCell cell)
    {
        var page = ordinal >> PageBits;
        var slot = (int)(ulong)(ordinal & (PageSize - 1));
        if (page < DensePageLimit)
        {
            WriteDense((int)(ulong)page, slot, cell);
        }
        else
        {
            WriteSparse(page, slot, cell);
        }
    }

    private void WriteDense(int page, int slot, AddressCell cell)
    {
        if (page >= dense.Length)
        {
            if (cell.IsFree)
            {
                return;
            }

            var size = Math.Max(4, (int)Math.Min(DensePageLimit, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)page + 1)));
            Array.Resize(ref dense, size);
            Array.Resize(ref denseOccupied, size);
        }

        var cells = dense[page];
        if (cells is null)
        {
            if (cell.IsFree)
            {
                return;
            }

            dense[page] = cells = new AddressCell[PageSize];
        }

        denseOccupied[page] += Occupancy(cells[slot], cell);
        cells[slot] = cell;
        if (denseOccupied[page] == 0)
        {
            dense[page] = null;
        }
    }

    private void WriteSparse(UInt128 page, int slot, AddressCell cell)
    {
        sparse ??= [];
        sparseOccupied ??= [];
        if (!sparse.TryGetValue(page, out var cells))
        {
            if (cell.IsFree)
            {
                return;
            }

            sparse[page] = cells = new AddressCell[PageSize];
        }

        ref var occupied = ref CollectionsMarshal.GetValueRefOrAddDefault(sparseOccupied, page, out _);
        occupied += Occupancy(cells[slot], cell);
        cells[slot] = cell;
        if (occupied == 0)
        {
            sparse.Remove(page);
            sparseOccupied.Remove(page);
        }
    }

    private static int Occupancy(AddressCell before, AddressCell after) => (before.IsFree, after.IsFree) switch
    {
        (true, false) => 1,
        (false, true) => -1,
        _ => 0,
    };
}
