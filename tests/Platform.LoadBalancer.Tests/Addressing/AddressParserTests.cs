using Platform.LoadBalancer.Addressing;

namespace Platform.LoadBalancer.Tests.Addressing;

public class AddressParserTests
{
    [Theory]
    [InlineData("192.168.10.0/24", "192.168.10.0", "192.168.10.255")]
    [InlineData("192.168.10.7/24", "192.168.10.0", "192.168.10.255")]
    [InlineData("42.176.25.64/32", "42.176.25.64", "42.176.25.64")]
    [InlineData("192.168.9.1-192.168.9.5", "192.168.9.1", "192.168.9.5")]
    [InlineData("192.168.9.1 - 192.168.9.5", "192.168.9.1", "192.168.9.5")]
    [InlineData("fc00:f853:ccd:e799::/124", "fc00:f853:ccd:e799::", "fc00:f853:ccd:e799::f")]
    [InlineData("2001:db8::1-2001:db8::10", "2001:db8::1", "2001:db8::10")]
    [InlineData("0.0.0.0/0", "0.0.0.0", "255.255.255.255")]
    public void Parses_cidrs_and_ranges(string text, string first, string last)
    {
        Assert.True(AddressParser.TryParseBlock(text, out var block, out var error), error);
        Assert.Equal(first, block.Start.ToString());
        Assert.Equal(last, block.End.ToString());
        Assert.Equal(text, block.Text);
    }

    [Theory]
    [InlineData("192.168.10.0", "prefix length")]
    [InlineData("192.168.10.0/33", "prefix length")]
    [InlineData("2001:db8::/129", "prefix length")]
    [InlineData("192.168.10.0/", "prefix length")]
    [InlineData("192.168.10.0/024", "prefix length")]
    [InlineData("192.168.1.300/24", "invalid IP")]
    [InlineData(" 192.168.1.0/24", "invalid IP")]
    [InlineData("192.168.01.1/32", "invalid IP")]
    [InlineData("192.168.9.5-192.168.9.1", "after the end")]
    [InlineData("192.168.9.1-2001:db8::1", "different IP families")]
    [InlineData("192.168.9.1-", "invalid end IP")]
    [InlineData("abc-192.168.9.1", "invalid start IP")]
    [InlineData("", "empty")]
    [InlineData("fe80::1%eth0/128", "invalid IP")]
    public void Rejects_bad_entries_with_a_reason(string text, string reason)
    {
        Assert.False(AddressParser.TryParseBlock(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.5")]
    [InlineData("1.2.3.4 ")]
    [InlineData("256.1.1.1")]
    [InlineData("::g")]
    [InlineData("[::1]")]
    public void Rejects_loose_addresses(string text) => Assert.False(AddressParser.TryParseAddress(text, out _));

    [Fact]
    public void Maps_ipv4_mapped_ipv6_to_ipv4_like_go()
    {
        Assert.True(AddressParser.TryParseAddress("::ffff:10.0.0.1", out var address));
        Assert.Equal(IpFamily.IPv4, address.Family);
        Assert.Equal("10.0.0.1", address.ToString());
    }

    [Theory]
    [InlineData("10.0.0.0/24", false, 256)]
    [InlineData("10.0.0.0/24", true, 254)]
    [InlineData("10.0.0.0/16", true, 65536 - 512)]
    [InlineData("10.0.0.128/25", true, 127)]
    [InlineData("10.0.0.1-10.0.0.254", true, 254)]
    [InlineData("10.0.0.250-10.0.1.5", true, 10)]
    [InlineData("2001:db8::/120", true, 256)]
    public void Counts_usable_addresses_as_metallb(string text, bool avoidBuggy, long expected)
    {
        Assert.True(AddressParser.TryParseBlock(text, out var block, out _));
        Assert.Equal((UInt128)expected, block.UsableCount(avoidBuggy));
    }
}
