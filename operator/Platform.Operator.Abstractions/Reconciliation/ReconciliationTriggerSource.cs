namespace Platform.Operator.Abstractions.Reconciliation;

/// <summary>Who queued a key.</summary>
public enum ReconciliationTriggerSource
{
    /// <summary>The API server, through a watch event.</summary>
    ApiServer,

    /// <summary>The operator itself (requeue, secondary watch, timer).</summary>
    Operator,
}
