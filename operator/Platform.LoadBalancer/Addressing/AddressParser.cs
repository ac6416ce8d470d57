using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Platform.LoadBalancer.Addressing;

/// <summary>
/// The one parser of pool entries and requested addresses, shared by the validators and the allocator.
/// Accepts what MetalLB accepts: a CIDR (host bits are masked off, like Go's ParseCIDR) or an <c>a-b</c>
/// range of one family (spaces around the ends are trimmed; a CIDR is not). Addresses are strict: IPv4 in
/// dotted-quad with no leading zeros, IPv6 without zone.
/// </summary>
public static class AddressParser
{
    /// <summary>Parses a single address.</summary>
    public static bool TryParseAddress(string? text, out NetAddress address)
    {
        address = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text.Contains(':', StringComparison.Ordinal))
        {
            if (text.Contains('%', StringComparison.Ordinal) || text.Contains('[', StringComparison.Ordinal)
                || !IPAddress.TryParse(text, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            address = NetAddress.FromIPAddress(parsed);
            return true;
        }

        return TryParseIPv4(text, out address);
    }

    /// <summary>Parses one <c>spec.addresses</c> entry.</summary>
    /// <param name="text">The entry.</param>
    /// <param name="block">The addresses it covers.</param>
    /// <param name="error">Why it does not parse.</param>
    public static bool TryParseBlock(string? text, out AddressBlock block, out string error)
    {
        block = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "empty address entry";
            return false;
        }

        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            var startText = text[..dash].Trim();
            var endText = text[(dash + 1)..].Trim();
            if (!TryParseAddress(startText, out var start))
            {
                error = $"invalid IP range {Quote(text)}: invalid start IP {Quote(startText)}";
                return false;
            }

            if (!TryParseAddress(endText, out var end))
            {
                error = $"invalid IP range {Quote(text)}: invalid end IP {Quote(endText)}";
                return false;
            }

            if (start.Family != end.Family)
            {
                error = $"invalid IP range {Quote(text)}: start and end are of different IP families";
                return false;
            }

            if (start.Value > end.Value)
            {
                error = $"invalid IP range {Quote(text)}: start IP {start} is after the end IP {end}";
                return false;
            }

            block = new AddressBlock(start.Family, start.Value, end.Value, text);
            error = string.Empty;
            return true;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            error = $"invalid CIDR {Quote(text)}: a single address needs a prefix length (/32 or /128)";
            return false;
        }

        var addressText = text[..slash];
        var prefixText = text[(slash + 1)..];
        if (!TryParseAddress(addressText, out var network))
        {
            error = $"invalid CIDR {Quote(text)}: invalid IP {Quote(addressText)}";
            return false;
        }

        var bits = network.Family == IpFamily.IPv4 ? 32 : 128;
        if (prefixText.Length is 0 or > 3 || !prefixText.All(char.IsAsciiDigit)
            || (prefixText.Length > 1 && prefixText[0] == '0')
            || !int.TryParse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > bits)
        {
            error = $"invalid CIDR {Quote(text)}: prefix length must be 0 to {bits}";
            return false;
        }

        var hostBits = bits - prefix;
        var hostMask = hostBits == 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1;
        var first = network.Value & ~hostMask;
        block = new AddressBlock(network.Family, first, first | hostMask, text);
        error = string.Empty;
        return true;
    }

    private static bool TryParseIPv4(string text, out NetAddress address)
    {
        address = default;
        uint value = 0;
        var parts = 0;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] != '.')
            {
                if (!char.IsAsciiDigit(text[i]))
                {
                    return false;
                }

                continue;
            }

            var length = i - start;
            if (length is 0 or > 3 || (length > 1 && text[start] == '0'))
            {
                return false;
            }

            var octet = int.Parse(text.AsSpan(start, length), NumberStyles.None, CultureInfo.InvariantCulture);
            if (octet > 255 || ++parts > 4)
            {
                return false;
            }

            value = (value << 8) | (uint)octet;
            start = i + 1;
        }

        if (parts != 4)
        {
            return false;
        }

        address = new NetAddress(IpFamily.IPv4, value);
        return true;
    }

    private static string Quote(string s) => "\"" + s + "\"";
}
