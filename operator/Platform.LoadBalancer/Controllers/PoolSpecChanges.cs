using System.Collections.Concurrent;
using Platform.Crds.MetalLB;
using Platform.Operator.Abstractions.Cache;

namespace Platform.LoadBalancer.Controllers;

/// <summary>
/// Tells a pool event that can change allocations (first sighting, a new generation, deletion) from one that
/// cannot (status-only writes, mostly our own pool controller's). Without it every pool status write re-queued
/// every pending Service, so the queue grew with the backlog during a burst of creates.
/// </summary>
internal sealed class PoolSpecChanges(IEntityCache<IPAddressPool> pools)
{
    private readonly ConcurrentDictionary<string, long> _generations = new(StringComparer.Ordinal);

    public bool Changed(IPAddressPool pool)
    {
        var uid = pool.Metadata?.Uid ?? $"{pool.Metadata?.NamespaceProperty}/{pool.Metadata?.Name}";
        var cached = pools.Get(pool.Metadata?.NamespaceProperty, pool.Metadata?.Name ?? "");
        if (cached is null || cached.Metadata?.Uid != pool.Metadata?.Uid || pool.Metadata?.DeletionTimestamp is not null)
        {
            _generations.TryRemove(uid, out _);
            return true; // deleted or being deleted: its Services must move or clear
        }

        var generation = pool.Metadata?.Generation ?? 0;
        var changed = false;
        _generations.AddOrUpdate(
            uid,
            _ => { changed = true; return generation; },
            (_, seen) => { changed = generation > seen; return Math.Max(seen, generation); });
        return changed;
    }
}
