using k8s;
using k8s.Models;

namespace Platform.Operator.Abstractions.Reconciliation;

/// <summary>
/// The outcome of a reconcile or finalize. Only <see cref="RequeueAfter"/> requeues; a failure without it is
/// not retried. A thrown exception is retried with per-item exponential backoff.
/// </summary>
/// <typeparam name="TEntity">The entity kind.</typeparam>
public sealed record ReconciliationResult<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    private ReconciliationResult(TEntity entity, bool isSuccess, string? errorMessage, Exception? error, TimeSpan? requeueAfter)
    {
        Entity = entity;
        IsSuccess = isSuccess;
        ErrorMessage = errorMessage;
        Error = error;
        RequeueAfter = requeueAfter;
    }

    /// <summary>The entity as the controller left it.</summary>
    public TEntity Entity { get; }

    /// <summary>Whether the reconcile succeeded.</summary>
    public bool IsSuccess { get; }

    /// <summary>The failure message, when it failed.</summary>
    public string? ErrorMessage { get; }

    /// <summary>The failure's exception, if any.</summary>
    public Exception? Error { get; }

    /// <summary>When set, the key is reconciled again after this delay.</summary>
    public TimeSpan? RequeueAfter { get; init; }

    /// <summary>A successful reconcile, optionally requeued after a delay.</summary>
    public static ReconciliationResult<TEntity> Success(TEntity entity, TimeSpan? requeueAfter = null) =>
        new(entity, true, null, null, requeueAfter);

    /// <summary>A failed reconcile, optionally requeued after a delay.</summary>
    public static ReconciliationResult<TEntity> Failure(TEntity entity, string errorMessage, Exception? error = null, TimeSpan? requeueAfter = null) =>
        new(entity, false, errorMessage, error, requeueAfter);
}
