using k8s;
using k8s.Models;
using Platform.Operator.Abstractions.Reconciliation;

namespace Platform.Operator.Abstractions.Finalizer;

/// <summary>
/// Cleanup that must run before an entity disappears. The runtime attaches the finalizer identifier with a
/// JSON patch and removes it, again with a JSON patch, once <see cref="FinalizeAsync"/> succeeds.
/// </summary>
/// <typeparam name="TEntity">The entity kind.</typeparam>
public interface IEntityFinalizer<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Cleans up for an entity that is being deleted.</summary>
    Task<ReconciliationResult<TEntity>> FinalizeAsync(TEntity entity, CancellationToken cancellationToken);
}
