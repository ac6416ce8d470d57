using System.Collections.Concurrent;
using System.Diagnostics;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Operator.Abstractions.Builder;
using Platform.Operator.Abstractions.Client;
using Platform.Operator.Abstractions.Finalizer;
using Platform.Operator.Abstractions.Reconciliation;
using Platform.Operator.Runtime.Client;
using Platform.Operator.Runtime.Diagnostics;
using Platform.Operator.Runtime.Informers;
using Platform.Operator.Runtime.LeaderElection;
using Platform.Operator.Runtime.Queues;

namespace Platform.Operator.Runtime.Controllers;

/// <summary>
/// One controller: informer events and secondary watches fill a de-duplicating work queue; workers take keys and
/// reconcile the object currently in the cache (level-based), in a fresh DI scope, attaching and running
/// finalizers with JSON patches. Results map to controller-runtime's requeue rules: RequeueAfter → delayed add;
/// thrown exception → per-item backoff; otherwise the key's backoff is reset.
/// </summary>
internal sealed class ControllerWorker<TEntity> : IControllerWorker, IDisposable
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    private readonly IServiceProvider _services;
    private readonly InformerRegistry _informers;
    private readonly LeadershipGate _gate;
    private readonly OperatorSettings _settings;
    private readonly RuntimeMetrics _metrics;
    private readonly ILogger _logger;
    private readonly IKubernetesClient _client;
    private readonly Type _controllerType;
    private readonly IReadOnlyList<FinalizerRegistration<TEntity>> _finalizers;
    private readonly IReadOnlyList<SecondaryWatchRegistration> _secondaries;
    private readonly ConcurrentDictionary<EntityKey, TEntity> _tombstones = new();
    private readonly List<IDisposable> _subscriptions = [];
    private ResourceInformer<TEntity>? _informer;

    public ControllerWorker(
        IServiceProvider services,
        InformerRegistry informers,
        LeadershipGate gate,
        OperatorSettings settings,
        RuntimeMetrics metrics,
        ILoggerFactory loggers,
        IKubernetesClient client,
        TimeProvider time,
        ControllerRegistration<TEntity> registration)
    {
        _services = services;
        _informers = informers;
        _gate = gate;
        _settings = settings;
        _metrics = metrics;
        _client = client;
        _controllerType = registration.ImplementationType;
        _finalizers = [.. services.GetServices<FinalizerRegistration<TEntity>>()];
        _secondaries = [.. services.GetServices<SecondaryWatchRegistration>().Where(s => s.PrimaryType == typeof(TEntity))];
        Name = ResourceDescriptor.For<TEntity>().Kind.ToLowerInvariant();
        _logger = loggers.CreateLogger($"Platform.Operator.Runtime.Controllers.{Name}");
        Queue = new WorkQueue(Name, new RetryRateLimiter(settings, time), time, metrics);
    }

    public string Name { get; }

    public WorkQueue Queue { get; }

    /// <summary>Queues a key unless this replica is not leading (the <c>EntityQueue</c> contract).</summary>
    public bool Enqueue(EntityKey key, TimeSpan delay)
    {
        if (!_gate.IsLeading)
        {
            return false;
        }

        Queue.AddAfter(key, delay);
        return true;
    }

    public void Attach()
    {
        _informer = _informers.Get<TEntity>();
        _subscriptions.Add(_informer.Subscribe(OnPrimaryEvent));
        foreach (var secondary in _secondaries)
        {
            _subscriptions.Add(secondary.Subscribe(_informers, _services, Queue.Add, e => _logger.MapperFailed(Name, e)));
        }
    }

    public void Resync()
    {
        foreach (var key in _informer?.Store.Keys() ?? [])
        {
            Queue.Add(key);
        }

        foreach (var key in _tombstones.Keys)
        {
            Queue.Add(key);
        }
    }

    public async Task RunAsync(CancellationToken stopTaking, CancellationToken abort)
    {
        if (_informer is not null)
        {
            // Reconcile against a complete cache, never a half-listed one.
            await _informer.Store.WaitForSyncAsync(stopTaking).ConfigureAwait(false);
        }

        _logger.ControllerStarted(Name, _settings.MaxConcurrentReconciles);
        var workers = Enumerable.Range(0, _settings.MaxConcurrentReconciles)
            .Select(_ => Task.Run(() => WorkAsync(stopTaking, abort), CancellationToken.None));
        await Task.WhenAll(workers).ConfigureAwait(false);
        _logger.ControllerStopped(Name);
    }

    public void Dispose()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        Queue.Dispose();
    }

    /// <summary>Reconciles one key now (the body of a worker iteration); public for tests.</summary>
    public async Task ProcessAsync(EntityKey key, CancellationToken cancellationToken)
    {
        // Re-checked at the last moment: a replica that lost its Lease never starts another reconcile.
        if (!_gate.IsLeading || cancellationToken.IsCancellationRequested)
        {
            return;
        }

        _metrics.ActiveWorkers.WithLabels(Name).Inc();
        var started = Stopwatch.GetTimestamp();
        try
        {
            _logger.Reconciling(Name, key.ToString());
            var result = await ReconcileKeyAsync(key, cancellationToken).ConfigureAwait(false);
            if (result is null)
            {
                Queue.Forget(key);
                _metrics.ReconcileTotal.WithLabels(Name, "success").Inc();
            }
            else if (result.RequeueAfter is { } after && after > TimeSpan.Zero)
            {
                Queue.Forget(key);
                Queue.AddAfter(key, after);
                _metrics.ReconcileTotal.WithLabels(Name, "requeue_after").Inc();
                if (!result.IsSuccess)
                {
                    _metrics.ReconcileErrors.WithLabels(Name).Inc();
                    _logger.ReconcileFailed(Name, key.ToString(), result.ErrorMessage ?? "failure");
                }
            }
            else if (!result.IsSuccess)
            {
                // A reported failure without RequeueAfter is final (KubeOps semantics): no retry.
                Queue.Forget(key);
                _metrics.ReconcileTotal.WithLabels(Name, "error").Inc();
                _metrics.ReconcileErrors.WithLabels(Name).Inc();
                _logger.ReconcileFailed(Name, key.ToString(), result.ErrorMessage ?? "failure");
            }
            else
            {
                Queue.Forget(key);
                _metrics.ReconcileTotal.WithLabels(Name, "success").Inc();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Leadership lost or shutdown: the next term's resync picks the key up again.
        }
        catch (Exception e)
        {
            _metrics.ReconcileTotal.WithLabels(Name, "error").Inc();
            _metrics.ReconcileErrors.WithLabels(Name).Inc();
            var retry = Queue.Retries(key) + 1;
            var delay = Queue.AddRateLimited(key);
            _logger.ReconcileThrew(Name, key.ToString(), retry, delay, e);
        }
        finally
        {
            _metrics.ReconcileTime.WithLabels(Name).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
            _metrics.ActiveWorkers.WithLabels(Name).Dec();
        }
    }

    private async Task WorkAsync(CancellationToken stopTaking, CancellationToken abort)
    {
        using var taking = CancellationTokenSource.CreateLinkedTokenSource(stopTaking, abort);
        while (true)
        {
            EntityKey key;
            try
            {
                key = await Queue.TakeAsync(taking.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await ProcessAsync(key, abort).ConfigureAwait(false);
            }
            finally
            {
                Queue.Done(key);
            }
        }
    }

    private async Task<ReconciliationResult<TEntity>?> ReconcileKeyAsync(EntityKey key, CancellationToken cancellationToken)
    {
        var entity = _informer is null ? default : _informer.Store.Get(key.Namespace, key.Name);
        await using var scope = _services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        if (entity is null)
        {
            if (!_tombstones.TryRemove(key, out var last))
            {
                return null;
            }

            return await Controller(provider).DeletedAsync(last, cancellationToken).ConfigureAwait(false);
        }

        if (entity.Metadata.DeletionTimestamp is not null)
        {
            return await FinalizeAsync(entity, provider, cancellationToken).ConfigureAwait(false);
        }

        var missing = _finalizers
            .Select(f => f.Identifier)
            .Where(id => entity.Metadata.Finalizers?.Contains(id) != true)
            .ToList();
        if (missing.Count > 0)
        {
            entity = await _client.PatchAsync<TEntity>(
                entity.Metadata.Name,
                entity.Metadata.NamespaceProperty,
                new V1Patch(FinalizerPatches.Add(entity.Metadata, missing), V1Patch.PatchType.JsonPatch),
                cancellationToken).ConfigureAwait(false);
        }

        return await Controller(provider).ReconcileAsync(entity, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ReconciliationResult<TEntity>?> FinalizeAsync(TEntity entity, IServiceProvider provider, CancellationToken cancellationToken)
    {
        foreach (var registration in _finalizers)
        {
            if (entity.Metadata.Finalizers?.Contains(registration.Identifier) != true)
            {
                continue;
            }

            var finalizer = (IEntityFinalizer<TEntity>)provider.GetRequiredService(registration.ImplementationType);
            var result = await finalizer.FinalizeAsync(entity, cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess || result.RequeueAfter is not null)
            {
                // Keep the finalizer: cleanup is not done.
                return result;
            }

            entity = await _client.PatchAsync<TEntity>(
                entity.Metadata.Name,
                entity.Metadata.NamespaceProperty,
                new V1Patch(FinalizerPatches.Remove(entity.Metadata, registration.Identifier), V1Patch.PatchType.JsonPatch),
                cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    private IEntityController<TEntity> Controller(IServiceProvider provider) =>
        (IEntityController<TEntity>)provider.GetRequiredService(_controllerType);

    private void OnPrimaryEvent(InformerEvent<TEntity> change)
    {
        var key = EntityKey.From(change.Object);
        switch (change.Type)
        {
            case WatchEventType.Deleted:
                _tombstones[key] = change.Object;
                Queue.Add(key);
                break;
            case WatchEventType.Added:
                _tombstones.TryRemove(key, out _);
                Queue.Add(key);
                break;
            default:
                if (change.Previous is null || IsMeaningfulChange(change.Previous, change.Object))
                {
                    Queue.Add(key);
                }

                break;
        }
    }

    /// <summary>
    /// KubeOps' ByGeneration filter, widened to metadata a controller acts on: a status-only write (our own, most
    /// often) does not trigger another reconcile; spec (generation), labels, annotations, finalizers, deletion and
    /// owner changes do. Kinds without generation tracking always count.
    /// </summary>
    internal static bool IsMeaningfulChange(TEntity previous, TEntity current)
    {
        var before = previous.Metadata;
        var after = current.Metadata;
        if (before?.Generation is null || after?.Generation is null || before.Generation != after.Generation)
        {
            return true;
        }

        return before.DeletionTimestamp != after.DeletionTimestamp
            || !SameMap(before.Labels, after.Labels)
            || !SameMap(before.Annotations, after.Annotations)
            || !(before.Finalizers ?? []).SequenceEqual(after.Finalizers ?? [])
            || (before.OwnerReferences?.Count ?? 0) != (after.OwnerReferences?.Count ?? 0);
    }

    private static bool SameMap(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }

        return a is null || b is null || a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }
}
