using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Operator.Abstractions.Builder;
using Platform.Operator.Runtime.Client;
using Platform.Operator.Runtime.Diagnostics;

namespace Platform.Operator.Runtime.Informers;

/// <summary>
/// One informer per kind, shared by every controller, secondary watch and cache reader. Informers asked for before
/// <see cref="Start"/> begin with it; later ones begin at once.
/// </summary>
internal sealed class InformerRegistry(
    IServiceProvider services,
    ApiTransport transport,
    OperatorSettings settings,
    RuntimeMetrics metrics,
    ILoggerFactory loggers,
    TimeProvider time) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Type, IResourceInformer> _informers = new();
    private readonly ConcurrentBag<Task> _running = [];
    private readonly Lock _gate = new();
    private CancellationTokenSource? _stopping;
    private bool _stopped;

    /// <summary>Every informer created so far.</summary>
    public IReadOnlyCollection<IResourceInformer> All => [.. _informers.Values];

    /// <summary>Whether every informer has loaded its initial list.</summary>
    public bool AllSynced => _informers.Values.All(i => i.HasSynced);

    public ResourceInformer<TEntity> Get<TEntity>()
        where TEntity : IKubernetesObject<V1ObjectMeta>
    {
        if (_informers.TryGetValue(typeof(TEntity), out var existing))
        {
            return (ResourceInformer<TEntity>)existing;
        }

        lock (_gate)
        {
            if (_informers.TryGetValue(typeof(TEntity), out existing))
            {
                return (ResourceInformer<TEntity>)existing;
            }

            var informer = new ResourceInformer<TEntity>(
                transport,
                settings,
                metrics,
                loggers.CreateLogger($"Platform.Operator.Runtime.Informers.{typeof(TEntity).Name}"),
                time,
                services.GetServices<IndexRegistration<TEntity>>(),
                services.GetService<InformerSelector<TEntity>>()?.LabelSelector,
                services.GetService<InformerSelector<TEntity>>()?.FieldSelector);
            _informers[typeof(TEntity)] = informer;
            if (_stopping is { } stopping && !_stopped)
            {
                Launch(informer, stopping.Token);
            }

            return informer;
        }
    }

    public void Start()
    {
        lock (_gate)
        {
            if (_stopping is not null || _stopped)
            {
                return;
            }

            _stopping = new CancellationTokenSource();
            foreach (var informer in _informers.Values)
            {
                Launch(informer, _stopping.Token);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        CancellationTokenSource? stopping;
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            stopping = _stopping;
        }

        if (stopping is null)
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_running).ConfigureAwait(false);
        stopping.Dispose();
    }

    private void Launch(IResourceInformer informer, CancellationToken cancellationToken) =>
        _running.Add(Task.Run(() => informer.RunAsync(cancellationToken), CancellationToken.None));
}
