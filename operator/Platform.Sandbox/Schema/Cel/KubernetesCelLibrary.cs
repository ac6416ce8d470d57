using System.Collections;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Cel;

namespace Platform.Sandbox.Schema.Cel;

/// <summary>
/// The parts of the Kubernetes CEL libraries (strings extension, IP and CIDR library, list helpers) that the
/// Cel package does not provide itself. Semantics follow the Kubernetes CEL documentation: string indexes
/// count Unicode code points, <c>isIP</c>/<c>ip</c> reject IPv4-mapped IPv6 and zones, CIDRs must be canonical
/// only for <c>isCIDR</c> with a valid prefix.
/// </summary>
internal static class KubernetesCelLibrary
{
    public static void Register(CelEnvironment env)
    {
        env.RegisterFunction("lowerAscii", [typeof(string)], a => LowerAscii(S(a, 0)));
        env.RegisterFunction("upperAscii", [typeof(string)], a => UpperAscii(S(a, 0)));
        env.RegisterFunction("trim", [typeof(string)], a => S(a, 0).Trim());
        env.RegisterFunction("substring", [typeof(string), typeof(long)], a => Substring(S(a, 0), L(a, 1), null));
        env.RegisterFunction("substring", [typeof(string), typeof(long), typeof(long)], a => Substring(S(a, 0), L(a, 1), L(a, 2)));
        env.RegisterFunction("indexOf", [typeof(string), typeof(string)], a => IndexOf(S(a, 0), S(a, 1)));
        env.RegisterFunction("lastIndexOf", [typeof(string), typeof(string)], a => LastIndexOf(S(a, 0), S(a, 1)));
        env.RegisterFunction("replace", [typeof(string), typeof(string), typeof(string)], a => S(a, 0).Replace(S(a, 1), S(a, 2), StringComparison.Ordinal));
        env.RegisterFunction("split", [typeof(string), typeof(string)], a => S(a, 0).Split(S(a, 1)).Cast<object?>().ToList());
        env.RegisterFunction("join", [typeof(IList)], a => Join((IList)a[0]!, ""));
        env.RegisterFunction("join", [typeof(IList), typeof(string)], a => Join((IList)a[0]!, S(a, 1)));

        env.RegisterFunction("isIP", [typeof(string)], a => TryParseIp(S(a, 0), out _));
        env.RegisterFunction("ip", [typeof(string)], a => TryParseIp(S(a, 0), out var ip) ? ip : throw new ArgumentException($"IP Address '{S(a, 0)}' parse error during conversion from string"));
        env.RegisterFunction("family", [typeof(IPAddress)], a => ((IPAddress)a[0]!).AddressFamily == AddressFamily.InterNetwork ? 4L : 6L);
        env.RegisterFunction("isLoopback", [typeof(IPAddress)], a => IPAddress.IsLoopback((IPAddress)a[0]!));
        env.RegisterFunction("isUnspecified", [typeof(IPAddress)], a => ((IPAddress)a[0]!).Equals(IPAddress.Any) || ((IPAddress)a[0]!).Equals(IPAddress.IPv6Any));
        env.RegisterFunction("isCIDR", [typeof(string)], a => TryParseCidr(S(a, 0), out _));
        env.RegisterFunction("cidr", [typeof(string)], a => TryParseCidr(S(a, 0), out var c) ? c : throw new ArgumentException($"network address '{S(a, 0)}' parse error during conversion from string"));
        env.RegisterFunction("containsIP", [typeof(CelCidr), typeof(IPAddress)], a => ((CelCidr)a[0]!).Contains((IPAddress)a[1]!));
        env.RegisterFunction("containsIP", [typeof(CelCidr), typeof(string)], a => TryParseIp(S(a, 1), out var ip) && ((CelCidr)a[0]!).Contains(ip));
        env.RegisterFunction("prefixLength", [typeof(CelCidr)], a => (long)((CelCidr)a[0]!).PrefixLength);
        env.RegisterFunction("ip", [typeof(CelCidr)], a => ((CelCidr)a[0]!).Address);
    }

    private static string S(object?[] a, int i) => a[i] as string ?? throw new ArgumentException("expected a string argument");

    private static long L(object?[] a, int i) => a[i] switch
    {
        long l => l,
        int n => n,
        ulong u => (long)u,
        _ => throw new ArgumentException("expected an int argument"),
    };

    private static string LowerAscii(string s) => string.Create(s.Length, s, (span, src) =>
    {
        for (var i = 0; i < src.Length; i++)
        {
            span[i] = src[i] is >= 'A' and <= 'Z' ? (char)(src[i] + 32) : src[i];
        }
    });

    private static string UpperAscii(string s) => string.Create(s.Length, s, (span, src) =>
    {
        for (var i = 0; i < src.Length; i++)
        {
            span[i] = src[i] is >= 'a' and <= 'z' ? (char)(src[i] - 32) : src[i];
        }
    });

    private static string Substring(string s, long start, long? end)
    {
        var runes = s.EnumerateRunes().ToArray();
        var stop = end ?? runes.Length;
        if (start < 0 || start > runes.Length || stop < start || stop > runes.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"index out of range: {(start < 0 || start > runes.Length ? start : stop)}");
        }

        var sb = new StringBuilder();
        for (var i = (int)start; i < stop; i++)
        {
            sb.Append(runes[i].ToString());
        }

        return sb.ToString();
    }

    private static long IndexOf(string s, string sub)
    {
        var at = s.IndexOf(sub, StringComparison.Ordinal);
        return at < 0 ? -1 : CodePointIndex(s, at);
    }

    private static long LastIndexOf(string s, string sub)
    {
        var at = s.LastIndexOf(sub, StringComparison.Ordinal);
        return at < 0 ? -1 : CodePointIndex(s, at);
    }

    private static long CodePointIndex(string s, int utf16Index) => s[..utf16Index].EnumerateRunes().Count();

    private static string Join(IList list, string separator) =>
        string.Join(separator, list.Cast<object?>().Select(x => x as string ?? Convert.ToString(x, CultureInfo.InvariantCulture)));

    internal static bool TryParseIp(string s, out IPAddress ip)
    {
        ip = IPAddress.None;
        // Kubernetes' ip() rejects zones and IPv4-mapped IPv6; IPAddress.TryParse also accepts forms like "1" or "0x1".
        if (s.Contains('%', StringComparison.Ordinal) || !IPAddress.TryParse(s, out var parsed))
        {
            return false;
        }

        if (parsed.AddressFamily == AddressFamily.InterNetwork && (s.Count(c => c == '.') != 3 || s.Split('.').Any(p => p.Length == 0 || p.Length > 3 || !p.All(char.IsAsciiDigit) || (p.Length > 1 && p[0] == '0'))))
        {
            return false;
        }

        if (parsed.IsIPv4MappedToIPv6)
        {
            return false;
        }

        ip = parsed;
        return true;
    }

    internal static bool TryParseCidr(string s, out CelCidr cidr)
    {
        cidr = new CelCidr(IPAddress.None, 0);
        var slash = s.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !TryParseIp(s[..slash], out var ip))
        {
            return false;
        }

        var max = ip.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefixText = s[(slash + 1)..];
        if (prefixText.Length == 0 || prefixText.Length > 3 || !prefixText.All(char.IsAsciiDigit)
            || (prefixText.Length > 1 && prefixText[0] == '0')
            || !int.TryParse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > max)
        {
            return false;
        }

        cidr = new CelCidr(ip, prefix);
        return true;
    }
}
