using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Identity.Authority;
using Platform.Identity.Bundles;
using Platform.Identity.Publication;
using Platform.Operator.Abstractions.Cache;
using Platform.Operator.Abstractions.Client;
using Platform.Operator.Abstractions.Queue;
using Platform.Operator.Abstractions.Reconciliation;

namespace Platform.Identity.Controllers;

/// <summary>
/// Brings the trust-domain CA up on first use by a reconciler (so only the elected replica loads or creates
/// it), then drives SPIRE-style rotation with a TimeProvider timer set to the next rotation step. Every
/// bundle change republishes the ClusterTrustBundle and re-queues every namespace for its ConfigMap.
/// </summary>
internal sealed class AuthorityLifecycle : IDisposable
{
    /// <summary>Upper bound between rotation checks, so a missed or coarse timer still converges (SPIRE ticks every 10 s).</summary>
    private static readonly TimeSpan MaxTick = TimeSpan.FromMinutes(1);

    private readonly TrustDomainAuthority authority;
    private readonly TrustBundlePublisher publisher;
    private readonly IKubernetesClient client;
    private readonly IServiceProvider services;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private readonly SemaphoreSlim publishGate = new(1, 1);
    private readonly CancellationTokenSource stopping = new();
    private Task? initialization;
    private ITimer? timer;
    private long publishedSequence = -1;

    public AuthorityLifecycle(
        TrustDomainAuthority authority, TrustBundlePublisher publisher, IKubernetesClient client, IServiceProvider services, TimeProvider time,
        ILogger<AuthorityLifecycle> logger)
    {
        this.authority = authority;
        this.publisher = publisher;
        this.client = client;
        this.services = services;
        this.time = time;
        this.logger = logger;
        authority.BundleChanged += OnBundleChanged;
    }

    public TrustDomainAuthority Authority => authority;

    /// <summary>Loads or creates the CA once; a failed attempt is retried by the next caller.</summary>
    public async Task EnsureStartedAsync(CancellationToken cancellationToken)
    {
        Task started;
        lock (gate)
        {
            if (initialization is null || initialization.IsFaulted || initialization.IsCanceled)
            {
                initialization = StartAsync();
            }

            started = initialization;
        }

        await started.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates or updates the ClusterTrustBundle unless the current sequence is already published.</summary>
    public async Task PublishClusterBundleAsync(CancellationToken cancellationToken)
    {
        var bundle = authority.Bundle;
        var sequence = bundle.SequenceNumber ?? 0;
        if (Interlocked.Read(ref publishedSequence) == sequence)
        {
            return;
        }

        await publishGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Interlocked.Read(ref publishedSequence) == sequence)
            {
                return;
            }

            var desired = publisher.ClusterTrustBundle(bundle);
            var existing = await client.GetAsync<V1ClusterTrustBundle>(desired.Metadata.Name, null, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                await client.CreateAsync(desired, cancellationToken).ConfigureAwait(false);
            }
            else if (existing.Spec?.TrustBundle != desired.Spec.TrustBundle || existing.Spec?.SignerName != desired.Spec.SignerName ||
                     TrustBundleAnnotations.Value(existing.Metadata.Annotations, TrustBundleAnnotations.Sequence) != desired.Metadata.Annotations[TrustBundleAnnotations.Sequence])
            {
                await client.MergePatchAsync<V1ClusterTrustBundle>(
                    desired.Metadata.Name, null,
                    new { metadata = new { annotations = desired.Metadata.Annotations }, spec = desired.Spec },
                    cancellationToken).ConfigureAwait(false);
            }

            Interlocked.Exchange(ref publishedSequence, sequence);
            IdentityControllerLog.ClusterBundlePublished(logger, desired.Metadata.Name, sequence);
        }
        finally
        {
            publishGate.Release();
        }
    }

    public void Dispose()
    {
        authority.BundleChanged -= OnBundleChanged;
        stopping.Cancel();
        lock (gate)
        {
            timer?.Dispose();
        }

        stopping.Dispose();
        publishGate.Dispose();
    }

    private async Task StartAsync()
    {
        try
        {
            await authority.InitializeAsync(stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is KubernetesApiException or HttpRequestException or InvalidOperationException)
        {
            IdentityControllerLog.AuthorityUnavailable(logger, e.Message);
            throw;
        }

        lock (gate)
        {
            timer ??= time.CreateTimer(_ => _ = TickAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        var nextStep = authority.NextStepAt();
        Schedule();
        IdentityControllerLog.AuthorityReady(logger, authority.TrustDomain.Name, nextStep);
    }

    private async Task TickAsync()
    {
        try
        {
            await authority.RotateAsync(stopping.Token).ConfigureAwait(false);
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            // Whatever went wrong (API down, timeout), the clock must keep ticking or rotation would stop for good.
            IdentityControllerLog.RotationFailed(logger, e.GetType().Name + ": " + e.Message);
        }

        Schedule();
    }

    private void Schedule()
    {
        var due = authority.NextStepAt() - time.GetUtcNow();
        due = due < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : due > MaxTick ? MaxTick : due;
        lock (gate)
        {
            if (!stopping.IsCancellationRequested)
            {
                timer?.Change(due, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void OnBundleChanged(object? sender, SpiffeBundle bundle)
    {
        var namespaces = services.GetRequiredService<IEntityCache<V1Namespace>>().List();
        var sequence = bundle.SequenceNumber ?? 0;
        IdentityControllerLog.BundleChanged(logger, sequence, namespaces.Count);
        var queue = services.GetService<EntityQueue<V1Namespace>>();
        if (queue is null)
        {
            return;
        }

        foreach (var ns in namespaces)
        {
            _ = queue(ns, ReconciliationType.Modified, ReconciliationTriggerSource.Operator, TimeSpan.Zero, 0, CancellationToken.None);
        }
    }
}
