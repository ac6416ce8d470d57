using Platform.LoadBalancer.Addressing;

namespace Platform.LoadBalancer.Allocation;

/// <summary>An address in use: its holders, their ports and the sharing key of the last one assigned (as MetalLB keeps it).</summary>
internal sealed class AddressUse(NetAddress address, string pool, UInt128 ordinal)
{
    public NetAddress Address { get; } = address;

    public string Pool { get; } = pool;

    public UInt128 Ordinal { get; } = ordinal;

    public string SharingKey { get; set; } = string.Empty;

    public string BackendKey { get; set; } = string.Empty;

    /// <summary>Port → holder; created on first use (most addresses have one holder).</summary>
    public Dictionary<ServicePortKey, string> Ports => ports ??= [];

    public bool HasPorts => ports is { Count: > 0 };

    /// <summary>Holders, sorted (usually one; a handful when shared).</summary>
    public List<string> Services { get; } = new(1);

    private Dictionary<ServicePortKey, string>? ports;

    public void AddService(string key)
    {
        var at = Services.BinarySearch(key, StringComparer.Ordinal);
        if (at < 0)
        {
            Services.Insert(~at, key);
        }
    }

    public void RemoveService(string key)
    {
        var at = Services.BinarySearch(key, StringComparer.Ordinal);
        if (at >= 0)
        {
            Services.RemoveAt(at);
        }
    }
}
