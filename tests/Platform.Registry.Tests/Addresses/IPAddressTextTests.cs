using Platform.Registry.Addresses;

namespace Platform.Registry.Tests.Addresses;

public sealed class IPAddressTextTests
{
    [Theory]
    [InlineData("1.2.3.4")]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("1::")]
    [InlineData("2001:db8::1")]
    [InlineData("001:db8::")]
    [InlineData("1:2:3:4:5:6:7:8")]
    [InlineData("::ffff:1.2.3.4")]
    [InlineData("1:2:3:4:5:6:1.2.3.4")]
    [InlineData("fe80::1%eth0")]
    public void Accepts_addresses_Go_netip_accepts(string text) => Assert.True(IPAddressText.IsAddress(text));

    [Theory]
    [InlineData("")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.5")]
    [InlineData("256.1.1.1")]
    [InlineData("01.2.3.4")]
    [InlineData("1.2.3.4%eth0")]
    [InlineData("1")]
    [InlineData("0x1.2.3.4")]
    [InlineData(" 1.2.3.4")]
    [InlineData("1:2:3:4:5:6:7:8:9")]
    [InlineData("1:2:3:4:5:6:7")]
    [InlineData("1::2::3")]
    [InlineData("12345::")]
    [InlineData("1:2:3:4:5:6:7::8")]
    [InlineData("1:2:3:4:1.2.3.4")]
    [InlineData("fe80::1%")]
    [InlineData("[::1]")]
    [InlineData("google.com")]
    public void Rejects_what_Go_netip_rejects(string text) => Assert.False(IPAddressText.IsAddress(text));

    [Theory]
    [InlineData("10.0.0.0/8", true)]
    [InlineData("172.1.2.16/16", true)]
    [InlineData("1.1.1.1/32", true)]
    [InlineData("1.1.1.1/0", true)]
    [InlineData("2001:db8::/32", true)]
    [InlineData("::/128", true)]
    [InlineData("1.2.3.4/33", false)]
    [InlineData("1.2.3.4/99", false)]
    [InlineData("1.2.3.4/08", false)]
    [InlineData("1.2.3.4/", false)]
    [InlineData("1.2.3.4/+8", false)]
    [InlineData("::/129", false)]
    [InlineData("fe80::1%eth0/64", false)]
    public void Parses_prefixes_like_Go_netip(string text, bool valid) => Assert.Equal(valid, IPAddressText.IsPrefix(text));

    [Theory]
    [InlineData("10.0.0.1", null)]
    [InlineData("10.0.0.0/24", null)]
    [InlineData("10.0.0.0/40", "10.0.0.0/40 is not a valid CIDR block")]
    [InlineData("10.0.0.0/24/1", "10.0.0.0/24/1 is not a valid IP")]
    [InlineData("example.com", "example.com is not a valid IP")]
    public void Subnet_validation_uses_Istios_messages(string text, string? message) =>
        Assert.Equal(message, IPAddressText.ValidateSubnet(text));

    [Theory]
    [InlineData("/var/run/sock", null)]
    [InlineData("@abstract", null)]
    [InlineData("", "unix address must not be empty")]
    [InlineData("relative/sock", "relative/sock is not an absolute path to a file")]
    [InlineData("/var/run/", "/var/run/ is not an absolute path to a file")]
    public void Unix_socket_paths_must_be_absolute_files_or_abstract(string path, string? message) =>
        Assert.Equal(message, UnixSocketAddress.ValidatePath(path));
}
