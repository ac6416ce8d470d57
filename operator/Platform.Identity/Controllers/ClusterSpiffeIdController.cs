using k8s.Models;
using Platform.Crds.Spire;
using Platform.Identity.Policies;
using Platform.Operator.Abstractions.Cache;
using Platform.Operator.Abstractions.Client;
using Platform.Operator.Abstractions.Reconciliation;

namespace Platform.Identity.Controllers;

/// <summary>
/// Keeps each ClusterSPIFFEID's <c>status.stats</c> as spire-controller-manager reports them. Pods and
/// namespaces re-queue every policy (see AddIdentity), since a label change can move a pod between policies;
/// the status is only written when the numbers change. Identities themselves are rendered at signing time.
/// </summary>
internal sealed class ClusterSpiffeIdController(
    PolicyCatalog policies,
    ClusterSpiffeIdStatsCalculator calculator,
    IEntityCache<V1Pod> pods,
    IEntityCache<V1Namespace> namespaces,
    IEntityCache<V1Node> nodes,
    IKubernetesClient client) : IEntityController<ClusterSPIFFEID>
{
    public async Task<ReconciliationResult<ClusterSPIFFEID>> ReconcileAsync(ClusterSPIFFEID entity, CancellationToken cancellationToken)
    {
        if (entity.Metadata.DeletionTimestamp is not null)
        {
            return ReconciliationResult<ClusterSPIFFEID>.Success(entity);
        }

        await Task.WhenAll(
            pods.WaitForSyncAsync(cancellationToken), namespaces.WaitForSyncAsync(cancellationToken),
            nodes.WaitForSyncAsync(cancellationToken), policies.Cache.WaitForSyncAsync(cancellationToken)).ConfigureAwait(false);
        var all = policies.Current();
        var compiled = all.FirstOrDefault(p => p.Source.Metadata.Uid == entity.Metadata.Uid && p.Name == entity.Metadata.Name)
            ?? ClusterSpiffeIdCompiler.TryCompile(entity, out _);

        // A policy that does not compile selects nothing; the admission webhook explains why at apply time.
        var stats = compiled is null
            ? new ClusterSPIFFEIDStats()
            : calculator.Compute(compiled, all, namespaces.List(), pods.List(), name => name is null ? null : nodes.Get(null, name));
        if (entity.Status is { } current && Same(current.Stats, stats))
        {
            return ReconciliationResult<ClusterSPIFFEID>.Success(entity);
        }

        entity.Status = new ClusterSPIFFEIDStatus { Stats = stats };
        var written = await client.PatchStatusAsync(entity, cancellationToken).ConfigureAwait(false);
        return ReconciliationResult<ClusterSPIFFEID>.Success(written);
    }

    public Task<ReconciliationResult<ClusterSPIFFEID>> DeletedAsync(ClusterSPIFFEID entity, CancellationToken cancellationToken) =>
        Task.FromResult(ReconciliationResult<ClusterSPIFFEID>.Success(entity));

    private static bool Same(ClusterSPIFFEIDStats? a, ClusterSPIFFEIDStats b) =>
        a is not null &&
        a.NamespacesSelected == b.NamespacesSelected && a.NamespacesIgnored == b.NamespacesIgnored &&
        a.PodsSelected == b.PodsSelected && a.PodEntryRenderFailures == b.PodEntryRenderFailures &&
        a.EntriesMasked == b.EntriesMasked && a.EntriesToSet == b.EntriesToSet && a.EntryFailures == b.EntryFailures;
}
