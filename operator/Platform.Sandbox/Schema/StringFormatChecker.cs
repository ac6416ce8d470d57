using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Platform.Sandbox.Schema.Cel;

namespace Platform.Sandbox.Schema;

/// <summary>
/// The string formats the apiextensions server validates (kube-openapi's format registry: bsonobjectid, uri,
/// email, hostname, ipv4, ipv6, cidr, mac, uuid, uuid3/4/5, isbn, isbn10/13, creditcard, ssn, hexcolor,
/// rgbcolor, byte, password, date, duration, date-time). Any other format (int32, int64, double, ...) is
/// documentation only and accepted.
/// </summary>
internal static partial class StringFormatChecker
{
    /// <summary>False when <paramref name="format"/> is a validated format and <paramref name="value"/> does not satisfy it.</summary>
    public static bool IsValid(string format, string value) => format switch
    {
        "bsonobjectid" => BsonObjectId().IsMatch(value),
        "uri" => Uri.TryCreate(value, UriKind.RelativeOrAbsolute, out _),
        "email" => Email().IsMatch(value),
        "hostname" => IsHostname(value),
        "ipv4" => KubernetesCelLibrary.TryParseIp(value, out var v4) && v4.AddressFamily == AddressFamily.InterNetwork,
        "ipv6" => value.Contains(':', StringComparison.Ordinal) && IPAddress.TryParse(value, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6,
        "cidr" => IsCidr(value),
        "mac" => Mac().IsMatch(value),
        "uuid" => Uuid().IsMatch(value),
        "uuid3" => Uuid().IsMatch(value) && value[14] == '3',
        "uuid4" => Uuid().IsMatch(value) && value[14] == '4' && "89abAB".Contains(value[19], StringComparison.Ordinal),
        "uuid5" => Uuid().IsMatch(value) && value[14] == '5' && "89abAB".Contains(value[19], StringComparison.Ordinal),
        "isbn" => IsIsbn10(value) || IsIsbn13(value),
        "isbn10" => IsIsbn10(value),
        "isbn13" => IsIsbn13(value),
        "creditcard" => IsCreditCard(value),
        "ssn" => Ssn().IsMatch(value),
        "hexcolor" => HexColor().IsMatch(value),
        "rgbcolor" => RgbColor().IsMatch(value),
        "byte" => IsBase64(value),
        "date" => DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "duration" => Duration().IsMatch(value),
        "date-time" or "datetime" => DateTime3339().IsMatch(value) && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        _ => true,
    };

    private static bool IsHostname(string value)
    {
        if (value.Length is 0 or > 255)
        {
            return false;
        }

        var trimmed = value.EndsWith('.') ? value[..^1] : value;
        return trimmed.Split('.').All(label => HostLabel().IsMatch(label));
    }

    private static bool IsCidr(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(value[..slash], out var ip) || value[..slash].Contains('%', StringComparison.Ordinal))
        {
            return false;
        }

        var max = ip.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = value[(slash + 1)..];
        return prefix.Length is > 0 and <= 3 && prefix.All(char.IsAsciiDigit)
            && int.Parse(prefix, CultureInfo.InvariantCulture) <= max
            && (ip.AddressFamily != AddressFamily.InterNetwork || KubernetesCelLibrary.TryParseIp(value[..slash], out _));
    }

    private static bool IsIsbn10(string value)
    {
        var s = value.Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        if (s.Length != 10 || !s[..9].All(char.IsAsciiDigit) || !(char.IsAsciiDigit(s[9]) || s[9] is 'X' or 'x'))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            var d = i == 9 && s[9] is 'X' or 'x' ? 10 : s[i] - '0';
            sum += (10 - i) * d;
        }

        return sum % 11 == 0;
    }

    private static bool IsIsbn13(string value)
    {
        var s = value.Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        if (s.Length != 13 || !s.All(char.IsAsciiDigit))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 13; i++)
        {
            sum += (s[i] - '0') * (i % 2 == 0 ? 1 : 3);
        }

        return sum % 10 == 0;
    }

    private static bool IsCreditCard(string value)
    {
        var digits = value.Where(c => c is not (' ' or '-')).ToArray();
        if (digits.Length is < 12 or > 19 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return sum % 10 == 0;
    }

    private static bool IsBase64(string value)
    {
        Span<byte> buffer = value.Length <= 4096 ? stackalloc byte[value.Length] : new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out _);
    }

    [GeneratedRegex("^[0-9a-fA-F]{24}$")]
    private static partial Regex BsonObjectId();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex Email();

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex HostLabel();

    [GeneratedRegex(@"^(?:[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){7}|[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){19}|[0-9A-Fa-f]{4}(?:\.[0-9A-Fa-f]{4}){2}|[0-9A-Fa-f]{4}(?:\.[0-9A-Fa-f]{4}){3}|[0-9A-Fa-f]{4}(?:\.[0-9A-Fa-f]{4}){9})$")]
    private static partial Regex Mac();

    [GeneratedRegex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    private static partial Regex Uuid();

    [GeneratedRegex(@"^\d{3}[- ]?\d{2}[- ]?\d{4}$")]
    private static partial Regex Ssn();

    [GeneratedRegex("^#?(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")]
    private static partial Regex HexColor();

    [GeneratedRegex(@"^rgb\(\s*\d{1,3}%?\s*,\s*\d{1,3}%?\s*,\s*\d{1,3}%?\s*\)$")]
    private static partial Regex RgbColor();

    [GeneratedRegex(@"^(?:[-+]?\d+(?:\.\d+)?\s*(?:ns|us|µs|ms|s|m|h|d|w|sec|min|hour|day|week|seconds?|minutes?|hours?|days?|weeks?))+$")]
    private static partial Regex Duration();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex DateTime3339();
}
