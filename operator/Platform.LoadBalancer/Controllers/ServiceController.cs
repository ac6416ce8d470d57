using k8s.Models;
using Platform.LoadBalancer.Services;
using Platform.Operator.Abstractions.Reconciliation;

namespace Platform.LoadBalancer.Controllers;

/// <summary>
/// MetalLB's Service controller as a thin shell around <see cref="ServiceAddressPlanner"/>: plans the Service and
/// writes the decision. Pending Services come back on the planner's bounded retry interval; capacity changes queue
/// them earlier (see <see cref="AllocationSession"/>).
/// </summary>
internal sealed class ServiceController(AllocationSession session, ServiceDecisionWriter writer) : IEntityController<V1Service>
{
    public Task<ReconciliationResult<V1Service>> ReconcileAsync(V1Service entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return session.RunAsync(
            async ct =>
            {
                var before = session.Planner.Allocator.HeldBy(ServiceProfiles.KeyOf(entity))?.Pool;
                var decision = session.Planner.Plan(entity, session.NamespaceLabels(entity.Metadata?.NamespaceProperty));
                if (!await writer.WriteAsync(entity, decision, ct).ConfigureAwait(false))
                {
                    // Deleted while we planned: give the addresses back at once.
                    session.Planner.Forget(decision.ServiceKey);
                    await session.QueuePoolStatusAsync(before ?? decision.AllocatedFromPool, ct).ConfigureAwait(false);
                    return ReconciliationResult<V1Service>.Success(entity);
                }

                if (!string.Equals(before, decision.AllocatedFromPool, StringComparison.Ordinal) || decision.StatusChanged)
                {
                    await session.QueuePoolStatusAsync(before, ct).ConfigureAwait(false);
                    if (!string.Equals(before, decision.AllocatedFromPool, StringComparison.Ordinal))
                    {
                        await session.QueuePoolStatusAsync(decision.AllocatedFromPool, ct).ConfigureAwait(false);
                    }
                }

                return ReconciliationResult<V1Service>.Success(entity, decision.RequeueAfter);
            },
            cancellationToken);
    }

    public Task<ReconciliationResult<V1Service>> DeletedAsync(V1Service entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return session.RunAsync(
            async ct =>
            {
                var key = ServiceProfiles.KeyOf(entity);
                var pool = session.Planner.Allocator.HeldBy(key)?.Pool;
                session.Planner.Forget(key);
                await session.QueuePoolStatusAsync(pool, ct).ConfigureAwait(false);
                return ReconciliationResult<V1Service>.Success(entity);
            },
            cancellationToken);
    }
}
