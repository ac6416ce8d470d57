using k8s;
using k8s.Models;

namespace Platform.Operator.Abstractions.Cache;

/// <summary>
/// A read-only view of the shared informer cache of one kind. Reads are served from memory and may lag the API
/// server slightly; write through <see cref="Client.IKubernetesClient"/> and let the watch bring the change back.
/// Returned objects are shared: do not mutate them, copy first.
/// </summary>
/// <typeparam name="TEntity">The entity kind.</typeparam>
public interface IEntityCache<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Whether the initial list has been loaded.</summary>
    bool HasSynced { get; }

    /// <summary>Completes once the initial list has been loaded.</summary>
    Task WaitForSyncAsync(CancellationToken cancellationToken);

    /// <summary>The object with this namespace (null for cluster-scoped) and name, or null.</summary>
    TEntity? Get(string? @namespace, string name);

    /// <summary>Every object, or every object in one namespace.</summary>
    IReadOnlyList<TEntity> List(string? @namespace = null);

    /// <summary>The objects whose named index (registered with <c>AddIndex</c>) contains <paramref name="value"/>.</summary>
    IReadOnlyList<TEntity> ByIndex(string indexName, string value);
}
