using k8s;
using k8s.Models;
using Platform.Operator.Abstractions.Cache;

namespace Platform.Operator.Runtime.Informers;

/// <summary>
/// <see cref="IEntityCache{TEntity}"/> as injected into features: the shared informer's store, created (and
/// started) on first use.
/// </summary>
internal sealed class InformerCache<TEntity>(InformerRegistry registry) : IEntityCache<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    private readonly ObjectStore<TEntity> _store = registry.Get<TEntity>().Store;

    public bool HasSynced => _store.HasSynced;

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _store.WaitForSyncAsync(cancellationToken);

    public TEntity? Get(string? @namespace, string name) => _store.Get(@namespace, name);

    public IReadOnlyList<TEntity> List(string? @namespace = null) => _store.List(@namespace);

    public IReadOnlyList<TEntity> ByIndex(string indexName, string value) => _store.ByIndex(indexName, value);
}
