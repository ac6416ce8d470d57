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
    public async Task<ReconciliationResult<V1Service>> ReconcileAsync(V1Service entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);

        // Only the planning holds the session's gate: the API writes run outside it, so reconciles of different
        // Services overlap their round trips (the work queue never runs one Service twice at once).
        var (before, decision) = await session.RunAsync(
            ct =>
            {
                var held = session.Planner.Allocator.HeldBy(ServiceProfiles.KeyOf(entity))?.Pool;
                return Task.FromResult((held, session.Planner.Plan(entity, session.NamespaceLabels(entity.Metadata?.NamespaceProperty))));
            },
            cancellationToken).ConfigureAwait(false);

        if (!await writer.WriteAsync(entity, decision, cancellationToken).ConfigureAwait(false))
        {
            // Deleted while we planned: give the addresses back at once.
            await session.RunAsync(
                async ct =>
                {
                    session.Planner.Forget(decision.ServiceKey);
                    await session.QueuePoolStatusAsync(before ?? decision.AllocatedFromPool, ct).ConfigureAwait(false);
                    return true;
                },
                cancellationToken).ConfigureAwait(false);
            return ReconciliationResult<V1Service>.Success(entity);
        }

        if (!string.Equals(before, decision.AllocatedFromPool, StringComparison.Ordinal) || decision.StatusChanged)
        {
            await session.QueuePoolStatusAsync(before, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(before, decision.AllocatedFromPool, StringComparison.Ordinal))
            {
                await session.QueuePoolStatusAsync(decision.AllocatedFromPool, cancellationToken).ConfigureAwait(false);
            }
        }

        return ReconciliationResult<V1Service>.Success(entity, decision.RequeueAfter);
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
