namespace Platform.LoadBalancer.Allocation;

/// <summary>
/// An address held under a sharing key: its holders, the keys of the last holder assigned (as MetalLB keeps
/// them) and which holder uses which port (two sharers may not use one port).
/// </summary>
internal sealed class SharedAddress(PoolState pool, Placement placement, string sharingKey, string backendKey)
{
    private readonly List<string> holders = [];

    public PoolState Pool { get; } = pool;

    public Placement Placement { get; } = placement;

    public string SharingKey { get; } = sharingKey;

    public string BackendKey { get; set; } = backendKey;

    /// <summary>Sorted by key.</summary>
    public IReadOnlyList<string> Holders => holders;

    public Dictionary<ServicePortKey, string> Ports { get; } = [];

    public bool IsSoleHolder(string key) => holders.Count == 1 && string.Equals(holders[0], key, StringComparison.Ordinal);

    public void AddHolder(string key)
    {
        var at = holders.BinarySearch(key, StringComparer.Ordinal);
        if (at < 0)
        {
            holders.Insert(~at, key);
        }
    }

    public void RemoveHolder(string key)
    {
        var at = holders.BinarySearch(key, StringComparer.Ordinal);
        if (at >= 0)
        {
            holders.RemoveAt(at);
        }
    }
}
