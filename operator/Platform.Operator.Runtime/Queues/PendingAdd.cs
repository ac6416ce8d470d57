using Platform.Operator.Abstractions.Reconciliation;

namespace Platform.Operator.Runtime.Queues;

/// <summary>A delayed add waiting on its timer.</summary>
internal sealed class PendingAdd(EntityKey key, DateTimeOffset due)
{
    public EntityKey Key { get; } = key;

    public DateTimeOffset Due { get; } = due;

    public ITimer? Timer { get; set; }
}
