using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Crds.MetalLB;
using Platform.LoadBalancer.Configuration;
using Platform.LoadBalancer.Pools;
using Platform.LoadBalancer.Services;
using Platform.Operator.Abstractions.Builder;
using Platform.Operator.Abstractions.Cache;
using Platform.Operator.Abstractions.Client;
using Platform.Operator.Abstractions.Queue;
using Platform.Operator.Abstractions.Reconciliation;

namespace Platform.LoadBalancer.Controllers;

/// <summary>
/// The state both LoadBalancer controllers share: one gate around the (single-threaded) planner, the pool set the
/// allocator was last given, and the restart rebuild. The Service and pool controllers run on separate workers,
/// so every use of the planner goes through <see cref="RunAsync{T}"/>.
/// </summary>
internal sealed class AllocationSession(
    ServiceAddressPlanner planner,
    IOptions<LoadBalancerOptions> options,
    IEntityCache<V1Service> services,
    IEntityCache<IPAddressPool> pools,
    IEntityCache<V1Namespace> namespaces,
    IKubernetesClient client,
    OperatorSettings settings,
    ServiceDecisionWriter writer,
    EntityQueue<V1Service> serviceQueue,
    EntityQueue<IPAddressPool> poolQueue,
    ILogger<AllocationSession> logger) : IDisposable
{
    /// <summary>Pool status is refreshed a little after allocation changes, so bursts coalesce into one write.</summary>
    internal static readonly TimeSpan PoolStatusDelay = TimeSpan.FromMilliseconds(200);

    private readonly SemaphoreSlim gate = new(1, 1);
    private string? poolFingerprint;
    private PoolCatalog catalog = PoolCatalog.Build([], options.Value);
    private CancellationToken rebuiltForTerm;
    private bool rebuilt;

    public ServiceAddressPlanner Planner => planner;

    public LoadBalancerOptions Options => options.Value;

    /// <summary>The last validated pool set (problems by namespace/name).</summary>
    public PoolCatalog Catalog => catalog;

    /// <summary>
    /// Runs <paramref name="work"/> with exclusive use of the planner, after the caches synced and — once per
    /// leadership term — allocations were rebuilt from Service status. The reconcile token belongs to the term
    /// (the runtime cancels it when the term ends), so a different token means a new term: whatever this replica
    /// knew from an earlier term may be stale, because another replica may have allocated in between.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await Task.WhenAll(
            services.WaitForSyncAsync(cancellationToken),
            pools.WaitForSyncAsync(cancellationToken),
            namespaces.WaitForSyncAsync(cancellationToken)).ConfigureAwait(false);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!rebuilt || !rebuiltForTerm.Equals(cancellationToken))
            {
                await RebuildAsync(cancellationToken).ConfigureAwait(false);
                rebuilt = true;
                rebuiltForTerm = cancellationToken;
            }
            else
            {
                await SyncPoolsAsync(cancellationToken).ConfigureAwait(false);
            }

            var result = await work(cancellationToken).ConfigureAwait(false);
            await QueueRetriesAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The labels of a namespace, for serviceAllocation.namespaceSelectors.</summary>
    public IReadOnlyDictionary<string, string>? NamespaceLabels(string? name) =>
        string.IsNullOrEmpty(name) ? null : namespaces.Get(null, name)?.Metadata?.Labels is { } labels ? new Dictionary<string, string>(labels) : null;

    /// <summary>Queues the pool's status refresh (by pool name, in any watched namespace).</summary>
    public async Task QueuePoolStatusAsync(string? poolName, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(poolName))
        {
            return;
        }

        foreach (var pool in pools.List().Where(p => p.Metadata?.Name == poolName))
        {
            await poolQueue(pool, ReconciliationType.Modified, ReconciliationTriggerSource.Operator, PoolStatusDelay, 0, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => gate.Dispose();

    /// <summary>
    /// Recomputes the pool set when any pool changed (by uid and generation) and hands it to the allocator;
    /// Services whose addresses left every pool, or moved to another pool, are queued.
    /// </summary>
    private async Task SyncPoolsAsync(CancellationToken cancellationToken)
    {
        var all = pools.List();
        var fingerprint = Fingerprint(all);
        if (fingerprint == poolFingerprint)
        {
            return;
        }

        poolFingerprint = fingerprint;
        catalog = PoolCatalog.Build(all, options.Value);
        var change = planner.Allocator.SetPools(catalog.Definitions);
        logger.PoolsChanged(catalog.Definitions.Count, catalog.Problems.Count, change.Dropped.Count, change.Rehomed.Count);
        foreach (var key in change.Dropped.Select(d => d.Service).Concat(change.Rehomed.Select(r => r.Service)))
        {
            await QueueServiceAsync(key, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        }

        foreach (var pool in all)
        {
            await poolQueue(pool, ReconciliationType.Modified, ReconciliationTriggerSource.Operator, PoolStatusDelay, 0, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Restart safety: the allocator is rebuilt from a fresh list of Services (a quorum read, so writes of a former
    /// leader that the watch has not delivered yet are seen) before anything new is allocated.
    /// </summary>
    private async Task RebuildAsync(CancellationToken cancellationToken)
    {
        var all = pools.List();
        poolFingerprint = Fingerprint(all);
        catalog = PoolCatalog.Build(all, options.Value);

        // Forget everything from an earlier term before re-claiming.
        foreach (var key in planner.PendingServices.ToList())
        {
            planner.Forget(key);
        }

        _ = planner.Allocator.SetPools([]);
        _ = planner.Allocator.SetPools(catalog.Definitions);
        var listed = await client.ListAsync<V1Service>(settings.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        var decisions = planner.Rebuild(listed, NamespaceLabels);
        var assigned = decisions.Count(d => d.Disposition == ServiceDisposition.Assigned);
        logger.Rebuilt(listed.Count, assigned, catalog.Definitions.Count);
        var byKey = listed.ToDictionary(ServiceProfiles.KeyOf, StringComparer.Ordinal);
        foreach (var decision in decisions)
        {
            if (byKey.TryGetValue(decision.ServiceKey, out var service))
            {
                await writer.WriteAsync(service, decision, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var pool in all)
        {
            await poolQueue(pool, ReconciliationType.Modified, ReconciliationTriggerSource.Operator, PoolStatusDelay, 0, cancellationToken).ConfigureAwait(false);
        }
    }

    // Spec edits bump generation; a delete and re-create changes the uid.
    private static string Fingerprint(IEnumerable<IPAddressPool> all) => string.Join(
        '|',
        all.Select(p => $"{p.Metadata?.NamespaceProperty}/{p.Metadata?.Name}#{p.Metadata?.Uid}@{p.Metadata?.Generation}").Order(StringComparer.Ordinal));

    private async Task QueueRetriesAsync(CancellationToken cancellationToken)
    {
        foreach (var key in planner.TakeServicesToRetry())
        {
            await QueueServiceAsync(key, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task QueueServiceAsync(string key, TimeSpan delay, CancellationToken cancellationToken)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var service = new V1Service { Metadata = new V1ObjectMeta { NamespaceProperty = key[..slash], Name = key[(slash + 1)..] } };
        await serviceQueue(service, ReconciliationType.Modified, ReconciliationTriggerSource.Operator, delay, 0, cancellationToken).ConfigureAwait(false);
    }
}
