namespace Platform.LoadBalancer.Allocation;

/// <summary>
/// Service key → <see cref="ServiceHolding"/>, split into 256 shards by hash. One dictionary for 100k Services
/// would be a 7 MB large-object array, re-allocated and copied whole at every doubling (the growth alone cost
/// more than the allocations around it); a shard stays under the large-object threshold up to ~1M Services and
/// grows in steps that fit in cache. Shards are created on first use.
/// </summary>
internal sealed class ServiceHoldingTable
{
    private const int ShardBits = 8;

    private readonly Dictionary<ServiceKey, ServiceHolding>?[] shards = new Dictionary<ServiceKey, ServiceHolding>?[1 << ShardBits];

    public int Count { get; private set; }

    /// <summary>Every holding, in no particular order.</summary>
    public IEnumerable<(string Service, ServiceHolding Holding)> Entries =>
        shards.Where(s => s is not null).SelectMany(s => s!.Select(e => (e.Key.Name, e.Value)));

    public bool TryGetValue(string service, out ServiceHolding holding)
    {
        var key = new ServiceKey(service);
        if (ShardOf(key) is { } shard)
        {
            return shard.TryGetValue(key, out holding);
        }

        holding = default;
        return false;
    }

    public bool Remove(string service, out ServiceHolding holding)
    {
        var key = new ServiceKey(service);
        if (ShardOf(key) is { } shard && shard.Remove(key, out holding))
        {
            Count--;
            return true;
        }

        holding = default;
        return false;
    }

    public void Set(string service, ServiceHolding holding)
    {
        var key = new ServiceKey(service);
        var shard = shards[ShardIndex(key)] ??= [];
        var before = shard.Count;
        shard[key] = holding;
        Count += shard.Count - before;
    }

    public void Clear()
    {
        Array.Clear(shards);
        Count = 0;
    }

    private Dictionary<ServiceKey, ServiceHolding>? ShardOf(ServiceKey key) => shards[ShardIndex(key)];

    /// <summary>The top bits of the hash: the shard's dictionary buckets by the low bits, so the two stay independent.</summary>
    private static int ShardIndex(ServiceKey key) => (int)((uint)key.Hash >> (32 - ShardBits));
}
