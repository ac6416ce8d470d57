using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Platform.LoadBalancer.Addressing;

/// <summary>
/// An IP address as a number, so ranges, ordering and arithmetic are cheap. IPv4 sorts before IPv6.
/// </summary>
public readonly record struct NetAddress(IpFamily Family, UInt128 Value) : IComparable<NetAddress>
{
    /// <summary>The largest IPv4 value.</summary>
    public static readonly UInt128 MaxIPv4 = uint.MaxValue;

    /// <summary>Whether this is an IPv4 address ending in .0 or .255 (MetalLB's "buggy" addresses).</summary>
    public bool IsBuggy => Family == IpFamily.IPv4 && ((byte)Value is 0 or 255);

    /// <summary>The address as an <see cref="IPAddress"/>.</summary>
    public IPAddress ToIPAddress()
    {
        if (Family == IpFamily.IPv4)
        {
            var v = (uint)Value;
            return new IPAddress([(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v]);
        }

        var bytes = new byte[16];
        var rest = Value;
        for (var i = 15; i >= 0; i--)
        {
            bytes[i] = (byte)rest;
            rest >>= 8;
        }

        return new IPAddress(bytes);
    }

    /// <summary>Converts an <see cref="IPAddress"/>; IPv4-mapped IPv6 addresses count as IPv4, as Go's To4 does.</summary>
    public static NetAddress FromIPAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        UInt128 value = 0;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }

        return new NetAddress(address.AddressFamily == AddressFamily.InterNetwork ? IpFamily.IPv4 : IpFamily.IPv6, value);
    }

    /// <inheritdoc />
    public int CompareTo(NetAddress other)
    {
        var byFamily = Family.CompareTo(other.Family);
        return byFamily != 0 ? byFamily : Value.CompareTo(other.Value);
    }

    /// <summary>Canonical text (dotted quad, or RFC 5952 for IPv6).</summary>
    public override string ToString()
    {
        if (Family == IpFamily.IPv4)
        {
            var v = (uint)Value;
            return string.Create(CultureInfo.InvariantCulture, $"{v >> 24}.{(v >> 16) & 0xFF}.{(v >> 8) & 0xFF}.{v & 0xFF}");
        }

        return ToIPAddress().ToString();
    }

    /// <summary>Ordering operator.</summary>
    public static bool operator <(NetAddress left, NetAddress right) => left.CompareTo(right) < 0;

    /// <summary>Ordering operator.</summary>
    public static bool operator >(NetAddress left, NetAddress right) => left.CompareTo(right) > 0;

    /// <summary>Ordering operator.</summary>
    public static bool operator <=(NetAddress left, NetAddress right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering operator.</summary>
    public static bool operator >=(NetAddress left, NetAddress right) => left.CompareTo(right) >= 0;
}
