using System.Globalization;

namespace Platform.Registry.Addresses;

/// <summary>
/// IP address and prefix syntax exactly as Go's <c>net/netip</c> accepts it (what Istio validates with), which is
/// stricter than <see cref="System.Net.IPAddress.TryParse(string, out System.Net.IPAddress)"/>: IPv4 is four
/// decimal fields without leading zeros; IPv6 allows one <c>::</c>, a trailing embedded IPv4 and a non-empty zone.
/// </summary>
internal static class IPAddressText
{
    /// <summary>Whether <paramref name="text"/> is an IPv4 or IPv6 address (<c>netip.ParseAddr</c>).</summary>
    public static bool IsAddress(string? text) => text is not null && TryParseAddress(text, out _, out _);

    /// <summary>Whether <paramref name="text"/> is an address/bits prefix (<c>netip.ParsePrefix</c>); host bits may be set.</summary>
    public static bool IsPrefix(string? text)
    {
        if (text is null)
        {
            return false;
        }

        var slash = text.LastIndexOf('/');
        if (slash < 0)
        {
            return false;
        }

        if (!TryParseAddress(text[..slash], out var isV4, out var hasZone) || hasZone)
        {
            return false;
        }

        var bits = text.AsSpan(slash + 1);
        if (bits.IsEmpty || (bits.Length > 1 && bits[0] is < '1' or > '9'))
        {
            return false;
        }

        foreach (var c in bits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return int.TryParse(bits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= (isV4 ? 32 : 128);
    }

    /// <summary>Istio's <c>ValidateIPSubnet</c>: exactly one slash means a CIDR block, anything else must be an IP.</summary>
    public static string? ValidateSubnet(string? subnet)
    {
        subnet ??= "";
        if (subnet.Count(c => c == '/') == 1)
        {
            return IsPrefix(subnet) ? null : $"{subnet} is not a valid CIDR block";
        }

        return ValidateAddress(subnet);
    }

    /// <summary>Istio's <c>ValidateIPAddress</c>.</summary>
    public static string? ValidateAddress(string? address) => IsAddress(address) ? null : $"{address} is not a valid IP";

    private static bool TryParseAddress(string text, out bool isV4, out bool hasZone)
    {
        isV4 = false;
        hasZone = false;
        foreach (var c in text)
        {
            switch (c)
            {
                case '.':
                    isV4 = true;
                    return IsIPv4(text);
                case ':':
                    return IsIPv6(text, out hasZone);
                case '%':
                    return false;
            }
        }

        return false;
    }

    private static bool IsIPv4(ReadOnlySpan<char> text)
    {
        var fields = 0;
        var value = 0;
        var digits = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || text[i] == '.')
            {
                if (digits == 0 || fields == 4)
                {
                    return false;
                }

                fields++;
                value = 0;
                digits = 0;
                continue;
            }

            var c = text[i];
            if (c is < '0' or > '9')
            {
                return false;
            }

            // A leading zero followed by more digits is ambiguous (octal in some parsers) and rejected.
            if (digits == 1 && value == 0)
            {
                return false;
            }

            value = (value * 10) + (c - '0');
            digits++;
            if (value > 255)
            {
                return false;
            }
        }

        return fields == 4;
    }

    private static bool IsIPv6(string text, out bool hasZone)
    {
        hasZone = false;
        var s = text.AsSpan();
        var percent = s.IndexOf('%');
        if (percent >= 0)
        {
            if (percent == s.Length - 1)
            {
                return false;
            }

            hasZone = true;
            s = s[..percent];
        }

        var filled = 0;
        var ellipsis = -1;
        if (s.StartsWith("::"))
        {
            ellipsis = 0;
            s = s[2..];
            if (s.IsEmpty)
            {
                return true;
            }
        }

        while (filled < 16)
        {
            var length = 0;
            while (length < s.Length && char.IsAsciiHexDigit(s[length]))
            {
                length++;
                if (length > 4)
                {
                    return false;
                }
            }

            if (length == 0)
            {
                return false;
            }

            if (length < s.Length && s[length] == '.')
            {
                if ((ellipsis < 0 && filled != 12) || filled + 4 > 16 || !IsIPv4(s))
                {
                    return false;
                }

                filled += 4;
                s = [];
                break;
            }

            filled += 2;
            s = s[length..];
            if (s.IsEmpty)
            {
                break;
            }

            if (s[0] != ':' || s.Length == 1)
            {
                return false;
            }

            s = s[1..];
            if (s[0] == ':')
            {
                if (ellipsis >= 0)
                {
                    return false;
                }

                ellipsis = filled;
                s = s[1..];
                if (s.IsEmpty)
                {
                    break;
                }
            }
        }

        if (!s.IsEmpty)
        {
            return false;
        }

        return filled < 16 ? ellipsis >= 0 : ellipsis < 0;
    }
}
