namespace Platform.Operator.Abstractions.Reconciliation;

/// <summary>Why a key is queued.</summary>
public enum ReconciliationType
{
    /// <summary>The entity was added.</summary>
    Added,

    /// <summary>The entity changed.</summary>
    Modified,

    /// <summary>The entity was deleted.</summary>
    Deleted,
}
