using Platform.LoadBalancer.Addressing;
using Platform.LoadBalancer.Allocation;

namespace Platform.LoadBalancer.Tests.Allocation;

public class FamilyAddressSpaceTests
{
    private static FamilyAddressSpace Space(bool avoidBuggy, params string[] entries) =>
        new(IpFamily.IPv4, entries.Select(e =>
        {
            Assert.True(AddressParser.TryParseBlock(e, out var block, out _));
            return block;
        }), avoidBuggy);

    [Fact]
    public void Numbers_addresses_in_written_order_skipping_buggy_ones()
    {
        var space = Space(true, "10.0.1.250-10.0.2.2", "10.0.0.0/30");
        Assert.Equal((UInt128)(5 + 2 + 3), space.Capacity);
        var all = Enumerable.Range(0, 10).Select(i => space.AddressAt((UInt128)i).ToString()).ToList();
        Assert.Equal(["10.0.1.250", "10.0.1.251", "10.0.1.252", "10.0.1.253", "10.0.1.254", "10.0.2.1", "10.0.2.2", "10.0.0.1", "10.0.0.2", "10.0.0.3"], all);
        for (var i = 0; i < all.Count; i++)
        {
            Assert.True(AddressParser.TryParseAddress(all[i], out var address));
            Assert.True(space.TryGetOrdinal(address, out var ordinal));
            Assert.Equal((UInt128)i, ordinal);
        }

        Assert.True(AddressParser.TryParseAddress("10.0.2.0", out var buggy));
        Assert.False(space.TryGetOrdinal(buggy, out _));
    }

    [Fact]
    public void Take_and_return_keep_the_lowest_free_and_merge_runs()
    {
        var space = Space(false, "10.0.0.0/29");
        for (var i = 0; i < 8; i++)
        {
            Assert.True(space.TryLowestFree(out var lowest));
            Assert.Equal((UInt128)i, lowest);
            space.Take(lowest);
        }

        Assert.False(space.TryLowestFree(out _));
        space.Return(5);
        space.Return(3);
        space.Return(4);
        Assert.True(space.TryLowestFree(out var first));
        Assert.Equal((UInt128)3, first);
        Assert.True(space.IsFree(4));
        space.Take(3);
        Assert.True(space.TryLowestFree(out var next));
        Assert.Equal((UInt128)4, next);
        Assert.Throws<InvalidOperationException>(() => space.Return(4));
        Assert.Throws<InvalidOperationException>(() => space.Take(0));
    }
}
