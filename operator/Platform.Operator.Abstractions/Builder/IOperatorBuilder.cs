using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Platform.Operator.Abstractions.Finalizer;
using Platform.Operator.Abstractions.Reconciliation;

namespace Platform.Operator.Abstractions.Builder;

/// <summary>Registers controllers, finalizers and secondary watches with the operator runtime.</summary>
public interface IOperatorBuilder
{
    /// <summary>The service collection being built.</summary>
    IServiceCollection Services { get; }

    /// <summary>The runtime settings.</summary>
    OperatorSettings Settings { get; }

    /// <summary>Registers a controller for an entity kind (one controller per kind).</summary>
    IOperatorBuilder AddController<TImplementation, TEntity>()
        where TImplementation : class, IEntityController<TEntity>
        where TEntity : IKubernetesObject<V1ObjectMeta>;

    /// <summary>Registers a finalizer for an entity kind under the given identifier (≤ 63 characters).</summary>
    IOperatorBuilder AddFinalizer<TImplementation, TEntity>(string identifier)
        where TImplementation : class, IEntityFinalizer<TEntity>
        where TEntity : IKubernetesObject<V1ObjectMeta>;

    /// <summary>
    /// Re-runs the <typeparamref name="TEntity"/> controller for the keys <paramref name="map"/> returns whenever a
    /// <typeparamref name="TSecondary"/> is added, changed or deleted (e.g. every Service that could use a pool when
    /// the pool changes). The mapper receives the root service provider, so it can read caches.
    /// </summary>
    /// <param name="map">The primary keys a secondary object concerns.</param>
    /// <param name="ignoreStatusOnlyChanges">
    /// Skip updates of the secondary that change neither its generation nor the metadata a controller acts on
    /// (controller-runtime's GenerationChangedPredicate), e.g. status the suite writes itself.
    /// </param>
    IOperatorBuilder Watches<TEntity, TSecondary>(Func<IServiceProvider, TSecondary, IEnumerable<EntityKey>> map, bool ignoreStatusOnlyChanges = false)
        where TEntity : IKubernetesObject<V1ObjectMeta>
        where TSecondary : IKubernetesObject<V1ObjectMeta>;

    /// <summary>
    /// Re-runs the <typeparamref name="TEntity"/> controller for the owner of a <typeparamref name="TOwned"/> whenever
    /// the owned object changes, using its ownerReferences (controller-runtime's <c>Owns()</c>).
    /// </summary>
    IOperatorBuilder Owns<TEntity, TOwned>()
        where TEntity : IKubernetesObject<V1ObjectMeta>
        where TOwned : IKubernetesObject<V1ObjectMeta>;

    /// <summary>
    /// Adds a named index to the shared cache of <typeparamref name="TEntity"/>; query it with
    /// <see cref="Cache.IEntityCache{TEntity}.ByIndex"/>.
    /// </summary>
    IOperatorBuilder AddIndex<TEntity>(string indexName, Func<TEntity, IEnumerable<string>> indexer)
        where TEntity : IKubernetesObject<V1ObjectMeta>;

    /// <summary>
    /// Restricts what the shared informer of <typeparamref name="TEntity"/> lists and watches (so every controller and
    /// cache reader of that kind) to a label selector and/or a field selector, e.g. <c>spec.signerName=…</c>.
    /// </summary>
    IOperatorBuilder WithSelector<TEntity>(string? labelSelector, string? fieldSelector = null)
        where TEntity : IKubernetesObject<V1ObjectMeta>;
}
