using Platform.LoadBalancer.Addressing;

namespace Platform.LoadBalancer.Allocation;

/// <summary>
/// An address in use: its holders, their ports and the sharing key of the last one assigned (as MetalLB keeps it).
/// Most addresses have one holder and no sharing key, so the holder list and the port map exist only when needed:
/// at 100k Services every extra object per address is another cache miss per allocation.
/// </summary>
internal sealed class AddressUse(NetAddress address, string pool, UInt128 ordinal)
{
    private string? sole;
    private List<string>? several;
    private Dictionary<ServicePortKey, string>? ports;

    public NetAddress Address { get; } = address;

    public string Pool { get; } = pool;

    public UInt128 Ordinal { get; } = ordinal;

    public string SharingKey { get; set; } = string.Empty;

    public string BackendKey { get; set; } = string.Empty;

    /// <summary>Port → holder, kept only while the address may be shared (conflicts are checked only then).</summary>
    public Dictionary<ServicePortKey, string> Ports => ports ??= [];

    public bool HasPorts => ports is { Count: > 0 };

    public int HolderCount => several?.Count ?? (sole is null ? 0 : 1);

    /// <summary>Holders, sorted by key.</summary>
    public IEnumerable<string> Holders => several ?? (sole is null ? [] : [sole]);

    public bool IsSoleHolder(string key) => several is null && string.Equals(sole, key, StringComparison.Ordinal);

    public void AddService(string key)
    {
        if (several is null)
        {
            if (sole is null || string.Equals(sole, key, StringComparison.Ordinal))
            {
                sole = key;
                return;
            }

            several = [sole];
            sole = null;
        }

        var at = several.BinarySearch(key, StringComparer.Ordinal);
        if (at < 0)
        {
            several.Insert(~at, key);
        }
    }

    public void RemoveService(string key)
    {
        if (several is null)
        {
            if (string.Equals(sole, key, StringComparison.Ordinal))
            {
                sole = null;
            }

            return;
        }

        var at = several.BinarySearch(key, StringComparer.Ordinal);
        if (at >= 0)
        {
            several.RemoveAt(at);
        }

        if (several.Count <= 1)
        {
            // Back to the one-holder form, so IsSoleHolder and HolderCount see a single shape.
            sole = several.Count == 1 ? several[0] : null;
            several = null;
        }
    }
}
