using k8s;
using k8s.Models;

namespace Platform.Operator.Abstractions.Reconciliation;

/// <summary>
/// Reconciles one kind of entity. Reconcile is level-based: the entity passed in is the current object
/// from the informer cache, not the event that woke the controller.
/// </summary>
/// <typeparam name="TEntity">The entity kind.</typeparam>
public interface IEntityController<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Brings the world in line with the entity (added, modified, or requeued).</summary>
    Task<ReconciliationResult<TEntity>> ReconcileAsync(TEntity entity, CancellationToken cancellationToken);

    /// <summary>Best-effort notice that the entity is gone. Use a finalizer for cleanup that must happen.</summary>
    Task<ReconciliationResult<TEntity>> DeletedAsync(TEntity entity, CancellationToken cancellationToken);
}
