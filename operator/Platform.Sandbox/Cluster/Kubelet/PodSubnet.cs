using System.Net;
using System.Net.Sockets;
using System.Numerics;

namespace Platform.Sandbox.Cluster.Kubelet;

/// <summary>One node's slice of a pod CIDR: a /24 for IPv4, a /64 for IPv6, as node IPAM hands them out.</summary>
internal sealed class PodSubnet
{
    private readonly BigInteger _base;
    private readonly int _bits;

    private PodSubnet(IPAddress network, int prefixLength)
    {
        Network = network;
        PrefixLength = prefixLength;
        _bits = network.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        _base = ToInteger(network);
    }

    public IPAddress Network { get; }

    public int PrefixLength { get; }

    public AddressFamily Family => Network.AddressFamily;

    public string Cidr => $"{Network}/{PrefixLength}";

    /// <summary>Usable host addresses: the network address, .1 (the bridge) and the IPv4 broadcast are skipped.</summary>
    public long HostCount => Family == AddressFamily.InterNetwork ? 253 : 65_534;

    /// <summary>The <paramref name="index"/>-th pod address (0-based), starting at .2.</summary>
    public IPAddress HostAt(long index)
    {
        if (index < 0 || index >= HostCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        return FromInteger(_base + 2 + index, _bits);
    }

    /// <summary>Carves node <paramref name="node"/>'s subnet (1-based) out of <paramref name="cidr"/>.</summary>
    public static PodSubnet ForNode(string cidr, int node, int nodeCount)
    {
        if (!IPNetwork.TryParse(cidr, out var network))
        {
            throw new ArgumentException($"invalid pod CIDR \"{cidr}\"");
        }

        var v4 = network.BaseAddress.AddressFamily == AddressFamily.InterNetwork;
        var nodePrefix = v4 ? 24 : 64;
        if (network.PrefixLength > nodePrefix)
        {
            throw new ArgumentException($"pod CIDR \"{cidr}\" is smaller than one node's /{nodePrefix}");
        }

        var bits = v4 ? 32 : 128;
        var available = BigInteger.One << (nodePrefix - network.PrefixLength);
        if (nodeCount >= available)
        {
            throw new ArgumentException($"pod CIDR \"{cidr}\" has room for {available - 1} nodes, not {nodeCount}");
        }

        var start = ToInteger(network.BaseAddress) + (new BigInteger(node) << (bits - nodePrefix));
        return new PodSubnet(FromInteger(start, bits), nodePrefix);
    }

    private static BigInteger ToInteger(IPAddress address) => new(address.GetAddressBytes(), isUnsigned: true, isBigEndian: true);

    private static IPAddress FromInteger(BigInteger value, int bits)
    {
        var bytes = new byte[bits / 8];
        var raw = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        raw.CopyTo(bytes, bytes.Length - raw.Length);
        return new IPAddress(bytes);
    }
}
