using k8s;
using k8s.Models;
using Platform.Identity.PodCertificates;
using Platform.Identity.Signing;
using Platform.Operator.Abstractions.Cache;
using Platform.Operator.Abstractions.Client;
using Platform.Operator.Abstractions.Events;
using Platform.Operator.Abstractions.Reconciliation;

namespace Platform.Identity.Controllers;

/// <summary>
/// Signs certificates.k8s.io/v1 PodCertificateRequests with our signerName: looks up the pod, node, service
/// account and namespace (informer caches first; the API when the cache has not seen a just-created pod yet),
/// lets <see cref="PodCertificateRequestSigner"/> decide under the signing throttle, and writes the issued
/// chain or the Denied/Failed condition through <c>/status</c>. Other signers' and decided requests are untouched.
/// </summary>
internal sealed class PodCertificateRequestController(
    AuthorityLifecycle lifecycle,
    PodCertificateRequestSigner signer,
    SigningThrottle throttle,
    PolicyCatalog policies,
    IEntityCache<V1Pod> pods,
    IEntityCache<V1Node> nodes,
    IEntityCache<V1ServiceAccount> serviceAccounts,
    IEntityCache<V1Namespace> namespaces,
    IKubernetesClient client,
    EventPublisher events,
    IdentityOptions options) : IEntityController<V1PodCertificateRequest>
{
    public async Task<ReconciliationResult<V1PodCertificateRequest>> ReconcileAsync(V1PodCertificateRequest entity, CancellationToken cancellationToken)
    {
        if (entity.Spec?.SignerName != options.SignerName || entity.Metadata.DeletionTimestamp is not null)
        {
            return ReconciliationResult<V1PodCertificateRequest>.Success(entity);
        }

        if (await lifecycle.WaitForAuthorityAsync(cancellationToken).ConfigureAwait(false) is { } unavailable)
        {
            // Not retried here: the lifecycle queues every refused request again once the CA is loaded.
            return ReconciliationResult<V1PodCertificateRequest>.Failure(entity, unavailable);
        }

        await policies.Cache.WaitForSyncAsync(cancellationToken).ConfigureAwait(false);
        var ns = entity.Metadata.NamespaceProperty;
        var spec = entity.Spec;
        var pod = await FindAsync(pods, ns, spec.PodName, cancellationToken).ConfigureAwait(false);
        var node = await FindAsync(nodes, null, spec.NodeName, cancellationToken).ConfigureAwait(false);
        var account = await FindAsync(serviceAccounts, ns, spec.ServiceAccountName, cancellationToken).ConfigureAwait(false);
        var namespaceObject = await FindAsync(namespaces, null, ns, cancellationToken).ConfigureAwait(false);
        var input = new PodCertificateRequestInput(entity, pod, node, account, namespaceObject, policies.Current());

        var decision = await throttle.RunAsync(() => signer.Decide(input), cancellationToken).ConfigureAwait(false);
        if (decision.Outcome == PodCertificateOutcome.Ignored || decision.Status is null)
        {
            return ReconciliationResult<V1PodCertificateRequest>.Success(entity);
        }

        entity.Status = decision.Status;
        var written = await client.PatchStatusAsync(entity, cancellationToken).ConfigureAwait(false);
        if (decision.Outcome != PodCertificateOutcome.Issued)
        {
            await events(written, decision.Reason, decision.Message, EventType.Warning, cancellationToken).ConfigureAwait(false);
        }

        return ReconciliationResult<V1PodCertificateRequest>.Success(written);
    }

    public Task<ReconciliationResult<V1PodCertificateRequest>> DeletedAsync(V1PodCertificateRequest entity, CancellationToken cancellationToken) =>
        Task.FromResult(ReconciliationResult<V1PodCertificateRequest>.Success(entity));

    private async Task<T?> FindAsync<T>(IEntityCache<T> cache, string? @namespace, string? name, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        await cache.WaitForSyncAsync(cancellationToken).ConfigureAwait(false);

        // The kubelet creates the request moments after the pod was bound; the cache may not have caught up.
        return cache.Get(@namespace, name) ?? await client.GetAsync<T>(name, @namespace, cancellationToken).ConfigureAwait(false);
    }
}
