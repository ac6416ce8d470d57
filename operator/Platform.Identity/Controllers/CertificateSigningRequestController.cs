using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Platform.Identity.CertificateSigningRequests;
using Platform.Identity.Signing;
using Platform.Operator.Abstractions.Cache;
using Platform.Operator.Abstractions.Client;
using Platform.Operator.Abstractions.Events;
using Platform.Operator.Abstractions.Reconciliation;

namespace Platform.Identity.Controllers;

/// <summary>
/// Signs certificates.k8s.io/v1 CertificateSigningRequests with our signerName (clusters without pod
/// certificates): the decision comes from <see cref="CertificateSigningRequestSigner"/>; an accepted request is
/// approved through the <c>approval</c> subresource and its chain written to <c>status.certificate</c>, a
/// refused one gets the Denied condition (through <c>approval</c> too, as kube-apiserver requires).
/// </summary>
internal sealed class CertificateSigningRequestController(
    AuthorityLifecycle lifecycle,
    CertificateSigningRequestSigner signer,
    SigningThrottle throttle,
    PolicyCatalog policies,
    IEntityCache<V1Pod> pods,
    IEntityCache<V1Node> nodes,
    IEntityCache<V1Namespace> namespaces,
    IKubernetes kubernetes,
    IKubernetesClient client,
    EventPublisher events,
    IdentityClock clock,
    IdentityOptions options,
    ILogger<CertificateSigningRequestController> logger) : IEntityController<V1CertificateSigningRequest>
{
    /// <summary>The reason of our own Approved condition (also the signer's reason for an accepted request).</summary>
    private const string ApprovedReason = "SpiffeIdentityVerified";

    public async Task<ReconciliationResult<V1CertificateSigningRequest>> ReconcileAsync(V1CertificateSigningRequest entity, CancellationToken cancellationToken)
    {
        if (entity.Spec?.SignerName != options.SignerName || entity.Metadata.DeletionTimestamp is not null)
        {
            return ReconciliationResult<V1CertificateSigningRequest>.Success(entity);
        }

        var conditions = entity.Status?.Conditions ?? [];
        var approvedByUs = conditions.Any(c => c.Type == CsrDecision.ApprovedType && c.Reason == ApprovedReason);
        if (entity.Status?.Certificate is { Length: > 0 } || (conditions.Count > 0 && !approvedByUs))
        {
            // Signed, or decided by someone else (an admin's approval or denial): not ours to act on.
            return ReconciliationResult<V1CertificateSigningRequest>.Success(entity);
        }

        if (await lifecycle.WaitForAuthorityAsync(cancellationToken).ConfigureAwait(false) is { } unavailable)
        {
            // Not retried here: the lifecycle queues every refused request again once the CA is loaded.
            return ReconciliationResult<V1CertificateSigningRequest>.Failure(entity, unavailable);
        }

        await Task.WhenAll(
            pods.WaitForSyncAsync(cancellationToken), nodes.WaitForSyncAsync(cancellationToken),
            namespaces.WaitForSyncAsync(cancellationToken), policies.Cache.WaitForSyncAsync(cancellationToken)).ConfigureAwait(false);
        var requesterNamespace = RequesterNamespace(entity.Spec.Username);
        var candidatePods = requesterNamespace is null ? [] : pods.List(requesterNamespace);
        var namespaceObject = requesterNamespace is null ? null : namespaces.Get(null, requesterNamespace);
        // Our approval landed but the signature did not (restart, conflict): decide again on the undecided request and sign.
        var undecided = approvedByUs ? WithoutConditions(entity) : entity;
        var decision = await throttle.RunAsync(
            () => signer.Decide(undecided, candidatePods, namespaceObject, name => name is null ? null : nodes.Get(null, name), policies.Current()),
            cancellationToken).ConfigureAwait(false);
        if (decision.Ignored)
        {
            return ReconciliationResult<V1CertificateSigningRequest>.Success(entity);
        }

        IdentityControllerLog.CsrDecided(logger, entity.Metadata.Name, decision.ConditionType!, decision.Reason);
        var condition = new V1CertificateSigningRequestCondition
        {
            Type = decision.ConditionType!,
            Status = "True",
            Reason = decision.Reason,
            Message = decision.Message,
            LastUpdateTime = clock.Time.GetUtcNow().UtcDateTime,
            LastTransitionTime = clock.Time.GetUtcNow().UtcDateTime,
        };

        if (decision.ConditionType == CsrDecision.FailedType)
        {
            entity.Status ??= new V1CertificateSigningRequestStatus();
            entity.Status.Conditions = [.. conditions, condition];
            var failed = await client.PatchStatusAsync(entity, cancellationToken).ConfigureAwait(false);
            await events(failed, decision.Reason, decision.Message, EventType.Warning, cancellationToken).ConfigureAwait(false);
            return ReconciliationResult<V1CertificateSigningRequest>.Success(failed);
        }

        var approved = entity;
        if (!approvedByUs)
        {
            entity.Status ??= new V1CertificateSigningRequestStatus();
            entity.Status.Conditions = [.. conditions, condition];
            approved = await kubernetes.CertificatesV1.ReplaceCertificateSigningRequestApprovalAsync(
            entity, entity.Metadata.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        if (!decision.Approved)
        {
            await events(approved, decision.Reason, decision.Message, EventType.Warning, cancellationToken).ConfigureAwait(false);
            return ReconciliationResult<V1CertificateSigningRequest>.Success(approved);
        }

        approved.Status ??= new V1CertificateSigningRequestStatus();
        approved.Status.Certificate = decision.CertificatePem;
        var signed = await client.PatchStatusAsync(approved, cancellationToken).ConfigureAwait(false);
        return ReconciliationResult<V1CertificateSigningRequest>.Success(signed);
    }

    public Task<ReconciliationResult<V1CertificateSigningRequest>> DeletedAsync(V1CertificateSigningRequest entity, CancellationToken cancellationToken) =>
        Task.FromResult(ReconciliationResult<V1CertificateSigningRequest>.Success(entity));

    private static V1CertificateSigningRequest WithoutConditions(V1CertificateSigningRequest entity) => new()
    {
        ApiVersion = entity.ApiVersion,
        Kind = entity.Kind,
        Metadata = entity.Metadata,
        Spec = entity.Spec,
        Status = new V1CertificateSigningRequestStatus(),
    };

    private static string? RequesterNamespace(string? username)
    {
        const string Prefix = "system:serviceaccount:";
        if (username is null || !username.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = username[Prefix.Length..].Split(':');
        return parts.Length == 2 && parts[0].Length > 0 ? parts[0] : null;
    }
}
