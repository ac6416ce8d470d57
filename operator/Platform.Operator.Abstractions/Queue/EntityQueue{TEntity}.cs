using k8s;
using k8s.Models;
using Platform.Operator.Abstractions.Reconciliation;

namespace Platform.Operator.Abstractions.Queue;

/// <summary>
/// Queues an entity for reconciliation from anywhere (inject it). Returns false when the entry was dropped,
/// e.g. because this replica is not the leader.
/// </summary>
/// <typeparam name="TEntity">The entity kind.</typeparam>
public delegate Task<bool> EntityQueue<TEntity>(
    TEntity entity,
    ReconciliationType type,
    ReconciliationTriggerSource source,
    TimeSpan queueIn,
    int retryCount,
    CancellationToken cancellationToken)
    where TEntity : IKubernetesObject<V1ObjectMeta>;
