using Platform.Operator.Abstractions.Finalizer;
using Platform.Operator.Abstractions.Reconciliation;

namespace Platform.Operator.Runtime.Tests.Support;

public sealed class WidgetFinalizer(ReconcileProbe probe) : IEntityFinalizer<Widget>
{
    public const string Id = "test.platform.io/cleanup";

    public Task<ReconciliationResult<Widget>> FinalizeAsync(Widget entity, CancellationToken cancellationToken)
    {
        probe.Finalized.Enqueue(EntityKey.From(entity).ToString());
        return probe.OnFinalize(entity);
    }
}
