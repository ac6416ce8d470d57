using Platform.Operator.Abstractions.Builder;
using Platform.Operator.Abstractions.Reconciliation;

namespace Platform.Operator.Runtime.Tests.Support;

/// <summary>The test controller: records into the probe, then does what the probe says.</summary>
public sealed class WidgetController(ReconcileProbe probe, OperatorSettings settings) : IEntityController<Widget>
{
    public async Task<ReconciliationResult<Widget>> ReconcileAsync(Widget entity, CancellationToken cancellationToken)
    {
        var key = EntityKey.From(entity).ToString();
        using var _ = probe.Enter(key);
        probe.Reconciled.Enqueue((key, entity.Spec.Size, settings.Identity));
        try
        {
            return await probe.OnReconcile(entity, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            probe.Cancelled.Enqueue(settings.Identity);
            throw;
        }
    }

    public Task<ReconciliationResult<Widget>> DeletedAsync(Widget entity, CancellationToken cancellationToken)
    {
        probe.Deleted.Enqueue(EntityKey.From(entity).ToString());
        return Task.FromResult(ReconciliationResult<Widget>.Success(entity));
    }
}
