using k8s.Models;
using Platform.Identity.Publication;
using Platform.Operator.Abstractions.Client;
using Platform.Operator.Abstractions.Reconciliation;

namespace Platform.Identity.Controllers;

/// <summary>
/// Keeps the trust bundle published: the ClusterTrustBundle for our signer (pods project it) and, in every
/// namespace, the ConfigMap <c>platform-spiffe-bundle</c> for clusters without ClusterTrustBundles. A bundle
/// change (CA rotation) re-queues every namespace; a ConfigMap is only written when its sequence differs.
/// </summary>
internal sealed class TrustBundleController(AuthorityLifecycle lifecycle, TrustBundlePublisher publisher, IKubernetesClient client)
    : IEntityController<V1Namespace>
{
    public async Task<ReconciliationResult<V1Namespace>> ReconcileAsync(V1Namespace entity, CancellationToken cancellationToken)
    {
        if (await lifecycle.WaitForAuthorityAsync(cancellationToken).ConfigureAwait(false) is { } unavailable)
        {
            // Not retried here: the lifecycle queues every refused request again once the CA is loaded.
            return ReconciliationResult<V1Namespace>.Failure(entity, unavailable);
        }

        await lifecycle.PublishClusterBundleAsync(cancellationToken).ConfigureAwait(false);
        if (entity.Metadata.DeletionTimestamp is not null || entity.Status?.Phase == "Terminating")
        {
            return ReconciliationResult<V1Namespace>.Success(entity);
        }

        var desired = publisher.ConfigMap(entity.Metadata.Name, lifecycle.Authority.Bundle);
        var existing = await client.GetAsync<V1ConfigMap>(desired.Metadata.Name, entity.Metadata.Name, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            await client.CreateAsync(desired, cancellationToken).ConfigureAwait(false);
        }
        else if (!SameData(existing, desired))
        {
            await client.MergePatchAsync<V1ConfigMap>(
                desired.Metadata.Name, entity.Metadata.Name,
                new { metadata = new { annotations = desired.Metadata.Annotations, labels = desired.Metadata.Labels }, data = desired.Data },
                cancellationToken).ConfigureAwait(false);
        }

        return ReconciliationResult<V1Namespace>.Success(entity);
    }

    public Task<ReconciliationResult<V1Namespace>> DeletedAsync(V1Namespace entity, CancellationToken cancellationToken) =>
        Task.FromResult(ReconciliationResult<V1Namespace>.Success(entity));

    private static bool SameData(V1ConfigMap existing, V1ConfigMap desired) =>
        TrustBundleAnnotations.Value(existing.Metadata.Annotations, TrustBundleAnnotations.Sequence) == desired.Metadata.Annotations[TrustBundleAnnotations.Sequence] &&
        desired.Data.All(kv => TrustBundleAnnotations.Value(existing.Data, kv.Key) == kv.Value);
}
