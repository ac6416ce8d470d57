using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Operator.Abstractions.Builder;
using Platform.Operator.Abstractions.Finalizer;
using Platform.Operator.Abstractions.Queue;
using Platform.Operator.Abstractions.Reconciliation;
using Platform.Operator.Runtime.Client;
using Platform.Operator.Runtime.Controllers;
using Platform.Operator.Runtime.Informers;

namespace Platform.Operator.Runtime.Hosting;

/// <summary>Collects controllers, finalizers, secondary watches and indexes into the service collection.</summary>
internal sealed class OperatorBuilder(IServiceCollection services, OperatorSettings settings) : IOperatorBuilder
{
    private readonly HashSet<Type> _controlledKinds = [];
    private readonly HashSet<string> _finalizerIds = new(StringComparer.Ordinal);

    public IServiceCollection Services { get; } = services;

    public OperatorSettings Settings { get; } = settings;

    public IOperatorBuilder AddController<TImplementation, TEntity>()
        where TImplementation : class, IEntityController<TEntity>
        where TEntity : IKubernetesObject<V1ObjectMeta>
    {
        // Fail at registration, not at the first event, when the type has no API path.
        _ = ResourceDescriptor.For<TEntity>();
        if (!_controlledKinds.Add(typeof(TEntity)))
        {
            throw new InvalidOperationException($"A controller for {typeof(TEntity).Name} is already registered; use one controller per kind.");
        }

        Services.TryAddScoped<TImplementation>();
        Services.AddSingleton(new ControllerRegistration<TEntity>(typeof(TImplementation)));
        Services.AddSingleton<ControllerWorker<TEntity>>();
        Services.AddSingleton<IControllerWorker>(sp => sp.GetRequiredService<ControllerWorker<TEntity>>());
        Services.AddSingleton<EntityQueue<TEntity>>(sp =>
        {
            var worker = sp.GetRequiredService<ControllerWorker<TEntity>>();
            return (entity, _, _, queueIn, _, _) => Task.FromResult(worker.Enqueue(EntityKey.From(entity), queueIn));
        });
        return this;
    }

    public IOperatorBuilder AddFinalizer<TImplementation, TEntity>(string identifier)
        where TImplementation : class, IEntityFinalizer<TEntity>
        where TEntity : IKubernetesObject<V1ObjectMeta>
    {
        if (string.IsNullOrWhiteSpace(identifier) || identifier.Length > 63)
        {
            throw new ArgumentException($"A finalizer identifier must be 1–63 characters (got '{identifier}').", nameof(identifier));
        }

        if (!_finalizerIds.Add($"{typeof(TEntity).FullName}|{identifier}"))
        {
            throw new InvalidOperationException($"Finalizer '{identifier}' is already registered for {typeof(TEntity).Name}.");
        }

        Services.TryAddScoped<TImplementation>();
        Services.AddSingleton(new FinalizerRegistration<TEntity>(identifier, typeof(TImplementation)));
        return this;
    }

    public IOperatorBuilder Watches<TEntity, TSecondary>(Func<IServiceProvider, TSecondary, IEnumerable<EntityKey>> map, bool ignoreStatusOnlyChanges = false)
        where TEntity : IKubernetesObject<V1ObjectMeta>
        where TSecondary : IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(map);
        _ = ResourceDescriptor.For<TSecondary>();
        Services.AddSingleton(new SecondaryWatchRegistration(
            typeof(TEntity),
            typeof(TSecondary),
            (registry, provider, enqueue, onError) => registry.Get<TSecondary>().Subscribe(change =>
            {
                if (ignoreStatusOnlyChanges && change.Type == WatchEventType.Modified && change.Previous is { } before
                    && !ControllerWorker<TSecondary>.IsMeaningfulChange(before, change.Object))
                {
                    return;
                }

                try
                {
                    foreach (var key in map(provider, change.Object) ?? [])
                    {
                        enqueue(key);
                    }

                    // The old object may have pointed elsewhere (a label moved): re-run those keys too.
                    if (change.Previous is { } previous)
                    {
                        foreach (var key in map(provider, previous) ?? [])
                        {
                            enqueue(key);
                        }
                    }
                }
                catch (Exception e)
                {
                    onError(e);
                }
            })));
        return this;
    }

    public IOperatorBuilder Owns<TEntity, TOwned>()
        where TEntity : IKubernetesObject<V1ObjectMeta>
        where TOwned : IKubernetesObject<V1ObjectMeta>
    {
        var owner = ResourceDescriptor.For<TEntity>();
        return Watches<TEntity, TOwned>((_, owned) =>
            (owned.Metadata?.OwnerReferences ?? [])
                .Where(r => r.Controller == true && r.Kind == owner.Kind && r.ApiVersion == owner.ApiVersion)
                .Select(r => new EntityKey(owner.IsNamespaced ? owned.Metadata!.NamespaceProperty : null, r.Name)));
    }

    public IOperatorBuilder AddIndex<TEntity>(string indexName, Func<TEntity, IEnumerable<string>> indexer)
        where TEntity : IKubernetesObject<V1ObjectMeta>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(indexName);
        ArgumentNullException.ThrowIfNull(indexer);
        Services.AddSingleton(new IndexRegistration<TEntity>(indexName, indexer));
        return this;
    }

    public IOperatorBuilder WithSelector<TEntity>(string? labelSelector, string? fieldSelector = null)
        where TEntity : IKubernetesObject<V1ObjectMeta>
    {
        Services.RemoveAll<InformerSelector<TEntity>>();
        Services.AddSingleton(new InformerSelector<TEntity>(labelSelector, fieldSelector));
        return this;
    }
}
