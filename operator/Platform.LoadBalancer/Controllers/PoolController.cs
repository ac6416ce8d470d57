using System.Text.Json.Nodes;
using Platform.Crds.MetalLB;
using Platform.LoadBalancer.Pools;
using Platform.Operator.Abstractions.Client;
using Platform.Operator.Abstractions.Reconciliation;

namespace Platform.LoadBalancer.Controllers;

/// <summary>
/// Keeps the allocator's pool set in line with the IPAddressPools (validated with the webhook's rules; an invalid
/// pool is left out and says why in its Valid condition) and writes each pool's status: MetalLB's counters and who
/// holds which address (bounded).
/// </summary>
internal sealed class PoolController(AllocationSession session, IKubernetesClient client, TimeProvider time) : IEntityController<IPAddressPool>
{
    public async Task<ReconciliationResult<IPAddressPool>> ReconcileAsync(IPAddressPool entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);

        // The status is composed under the session's gate (RunAsync has already fed any pool change to the
        // allocator); the write goes out after it is released.
        var status = await session.RunAsync(
            _ =>
            {
                var key = $"{entity.Metadata?.NamespaceProperty}/{entity.Metadata?.Name}";
                var problems = session.Catalog.Problems.TryGetValue(key, out var found) ? found : [];
                return Task.FromResult(PoolStatusComposer.Compose(entity, session.Planner.Allocator, problems, session.Options.MaxAssignmentsInPoolStatus, time.GetUtcNow()));
            },
            cancellationToken).ConfigureAwait(false);
        if (!SameStatus(entity.Status, status))
        {
            var patch = new JsonObject { ["status"] = JsonNode.Parse(k8s.KubernetesJson.Serialize(status)) };
            try
            {
                await client.MergePatchStatusAsync<IPAddressPool>(entity.Metadata!.Name, entity.Metadata.NamespaceProperty, patch.ToJsonString(), cancellationToken).ConfigureAwait(false);
            }
            catch (KubernetesApiException e) when (e.IsNotFound)
            {
                // Deleted meanwhile: the delete event re-syncs the pool set.
            }
        }

        return ReconciliationResult<IPAddressPool>.Success(entity);
    }

    // Pool deletion reaches the allocator through RunAsync's pool fingerprint; nothing pool-specific is left to do.
    public Task<ReconciliationResult<IPAddressPool>> DeletedAsync(IPAddressPool entity, CancellationToken cancellationToken) =>
        session.RunAsync(_ => Task.FromResult(ReconciliationResult<IPAddressPool>.Success(entity)), cancellationToken);

    private static bool SameStatus(IPAddressPoolStatus? current, IPAddressPoolStatus desired) =>
        current is not null
        && k8s.KubernetesJson.Serialize(Normalise(current)) == k8s.KubernetesJson.Serialize(Normalise(desired));

    // Transition times are kept by the composer when the status did not flip, so a plain comparison suffices.
    private static IPAddressPoolStatus Normalise(IPAddressPoolStatus s) => new()
    {
        AssignedIPv4 = s.AssignedIPv4,
        AssignedIPv6 = s.AssignedIPv6,
        AvailableIPv4 = s.AvailableIPv4,
        AvailableIPv6 = s.AvailableIPv6,
        Assignments = s.Assignments is { Count: > 0 } a ? a : null,
        AssignmentsTruncated = s.AssignmentsTruncated == true ? true : null,
        Conditions = s.Conditions,
    };
}
