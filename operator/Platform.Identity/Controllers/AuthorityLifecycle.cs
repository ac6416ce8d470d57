using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Identity.Authority;
using Platform.Identity.Bundles;
using Platform.Identity.Publication;
using Platform.Operator.Abstractions.Cache;
using Platform.Operator.Abstractions.Client;
using Platform.Operator.Abstractions.Events;
using Platform.Operator.Abstractions.Leadership;
using Platform.Operator.Abstractions.Queue;
using Platform.Operator.Abstractions.Reconciliation;

namespace Platform.Identity.Controllers;

/// <summary>
/// Runs the trust-domain CA for the length of each leadership term: at the start of a term it reads the upstream CA
/// Secret (when configured) and loads or creates the CA from the CA Secret, retrying until both work; during the term
/// a timer on the identity clock drives SPIRE-style rotation; when the term ends the timer stops and the loaded state
/// is forgotten, so a standby never writes the CA Secret and the next term reloads what another leader left there.
/// Every bundle change re-queues every namespace (ConfigMaps, ClusterTrustBundle).
/// </summary>
internal sealed class AuthorityLifecycle : BackgroundService
{
    /// <summary>Upper bound between rotation checks, so a missed or coarse timer still converges (SPIRE ticks every 10 s).</summary>
    private static readonly TimeSpan MaxTick = TimeSpan.FromMinutes(1);

    private readonly TrustDomainAuthority authority;
    private readonly TrustBundlePublisher publisher;
    private readonly ILeadershipTerms terms;
    private readonly ICaSecretStore? upstreamStore;
    private readonly IServiceProvider services;
    private readonly IdentityOptions options;
    private readonly string suiteNamespace;
    private readonly TimeProvider identityTime;
    private readonly TimeProvider hostTime;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private readonly SemaphoreSlim publishGate = new(1, 1);
    private TaskCompletionSource<string?> readiness = Pending();
    private CancellationToken currentTerm = new(canceled: true);
    private ITimer? timer;
    private long publishedSequence = -1;
    private string? lastUpstreamProblem;

    /// <param name="authority">The CA.</param>
    /// <param name="publisher">Renders the ClusterTrustBundle.</param>
    /// <param name="terms">This replica's leadership terms.</param>
    /// <param name="upstreamStore">Reads the upstream CA Secret; null for a self-signed root.</param>
    /// <param name="services">Optional collaborators: IKubernetesClient, caches and queues of namespaces and requests, EventPublisher.</param>
    /// <param name="options">Identity settings.</param>
    /// <param name="suiteNamespace">Namespace of the CA and upstream Secrets.</param>
    /// <param name="identityTime">Clock of CA rotation.</param>
    /// <param name="hostTime">Clock of retry waits.</param>
    /// <param name="logger">Logger.</param>
    public AuthorityLifecycle(
        TrustDomainAuthority authority, TrustBundlePublisher publisher, ILeadershipTerms terms, ICaSecretStore? upstreamStore, IServiceProvider services,
        IdentityOptions options, string suiteNamespace, TimeProvider identityTime, TimeProvider hostTime, ILogger<AuthorityLifecycle> logger)
    {
        this.authority = authority;
        this.publisher = publisher;
        this.terms = terms;
        this.upstreamStore = upstreamStore;
        this.services = services;
        this.options = options;
        this.suiteNamespace = suiteNamespace;
        this.identityTime = identityTime;
        this.hostTime = hostTime;
        this.logger = logger;
        authority.BundleChanged += OnBundleChanged;
    }

    public TrustDomainAuthority Authority => authority;

    private string UpstreamRef => $"{suiteNamespace}/{options.UpstreamCaSecretName}";

    /// <summary>
    /// Waits until the CA is loaded in the current term. Returns null when it is, or why it cannot be loaded now
    /// (the caller gives up for now: the requests it refused are queued again once the CA is loaded).
    /// </summary>
    public async Task<string?> WaitForAuthorityAsync(CancellationToken cancellationToken)
    {
        Task<string?> signal;
        lock (gate)
        {
            signal = readiness.Task;
        }

        return await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until the CA is loaded in the current term.</summary>
    /// <exception cref="InvalidOperationException">The CA cannot be loaded now; the message says why.</exception>
    public async Task EnsureStartedAsync(CancellationToken cancellationToken)
    {
        if (await WaitForAuthorityAsync(cancellationToken).ConfigureAwait(false) is { } unavailable)
        {
            throw new InvalidOperationException(unavailable);
        }
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

            var client = services.GetRequiredService<IKubernetesClient>();
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

    public override void Dispose()
    {
        authority.BundleChanged -= OnBundleChanged;
        lock (gate)
        {
            timer?.Dispose();
            timer = null;
        }

        publishGate.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            CancellationToken term;
            try
            {
                term = await terms.WaitForTermAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            using var during = CancellationTokenSource.CreateLinkedTokenSource(term, stoppingToken);
            try
            {
                await RunTermAsync(during.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (during.IsCancellationRequested)
            {
                // The term ended (or the host is stopping).
            }
            finally
            {
                await EndTermAsync().ConfigureAwait(false);
            }
        }
    }

    private static TaskCompletionSource<string?> Pending() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static TaskCompletionSource<string?> Completed(string? unavailable)
    {
        var completed = Pending();
        completed.SetResult(unavailable);
        return completed;
    }

    private async Task RunTermAsync(CancellationToken term)
    {
        lock (gate)
        {
            currentTerm = term;
        }

        IdentityControllerLog.TermStarted(logger, authority.TrustDomain.Name);
        var refused = false;
        while (await TryStartAsync(term).ConfigureAwait(false) is { } unavailable)
        {
            refused = true;
            Settle(unavailable);
            await Task.Delay(options.CaRetryInterval, hostTime, term).ConfigureAwait(false);
        }

        lock (gate)
        {
            term.ThrowIfCancellationRequested();
            timer = identityTime.CreateTimer(_ => _ = TickAsync(term), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        Schedule(term);
        Settle(null);
        var nextStep = authority.NextStepAt();
        IdentityControllerLog.AuthorityReady(logger, authority.TrustDomain.Name, nextStep);
        if (refused)
        {
            RequeueRefusedWork();
        }

        await Task.Delay(Timeout.InfiniteTimeSpan, hostTime, term).ConfigureAwait(false);
    }

    /// <summary>Loads the upstream CA (if configured) and the CA; null on success, else why not.</summary>
    private async Task<string?> TryStartAsync(CancellationToken term)
    {
        UpstreamAuthority? upstream = null;
        try
        {
            if (upstreamStore is not null)
            {
                var data = await upstreamStore.LoadAsync(term).ConfigureAwait(false);
                string? problem = null;
                if (data is null)
                {
                    problem = $"upstream CA Secret {UpstreamRef} does not exist";
                }
                else
                {
                    try
                    {
                        upstream = UpstreamAuthority.FromSecretData(data);
                        if (upstream.Signer.NotAfter <= identityTime.GetUtcNow())
                        {
                            problem = $"upstream CA Secret {UpstreamRef}: the CA certificate expired at {upstream.Signer.NotAfter:O}";
                        }
                    }
                    catch (InvalidOperationException e)
                    {
                        problem = $"upstream CA Secret {UpstreamRef} is unusable: {e.Message}";
                    }
                }

                if (problem is not null)
                {
                    await ReportUpstreamProblemAsync(problem, term).ConfigureAwait(false);
                    return problem;
                }

                Interlocked.Exchange(ref lastUpstreamProblem, null);
                IdentityControllerLog.UpstreamLoaded(logger, UpstreamRef, upstream!.Signer.Certificate.Subject, upstream.Signer.NotAfter);
            }

            await authority.InitializeAsync(upstream, term).ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (!term.IsCancellationRequested)
        {
            // API errors, timeouts, a Secret that cannot be written: keep retrying for as long as the term lasts.
            var reason = "the trust-domain CA could not be loaded: " + e.GetType().Name + ": " + e.Message;
            IdentityControllerLog.AuthorityUnavailable(logger, reason);
            return reason;
        }
    }

    private async Task ReportUpstreamProblemAsync(string problem, CancellationToken term)
    {
        // Logged when it changes; the event (de-duplicated into a series by the recorder) counts every retry.
        if (!string.Equals(Interlocked.Exchange(ref lastUpstreamProblem, problem), problem, StringComparison.Ordinal))
        {
            IdentityControllerLog.UpstreamUnavailable(logger, problem);
        }

        if (services.GetService<EventPublisher>() is not { } events)
        {
            return;
        }

        // Regarding the Secret (existing or not), so `kubectl get events -n <suite namespace>` shows what to fix.
        var secret = new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = new V1ObjectMeta { Name = options.UpstreamCaSecretName, NamespaceProperty = suiteNamespace },
        };
        await events(secret, "UpstreamCAUnavailable", problem + "; nothing is signed until it is fixed", EventType.Warning, term).ConfigureAwait(false);
    }

    /// <summary>Completes the current readiness signal (null: ready) or replaces a completed one with the new outcome.</summary>
    private void Settle(string? unavailable)
    {
        lock (gate)
        {
            if (!readiness.TrySetResult(unavailable))
            {
                readiness = Completed(unavailable);
            }
        }
    }

    private async Task EndTermAsync()
    {
        lock (gate)
        {
            timer?.Dispose();
            timer = null;
            currentTerm = new CancellationToken(canceled: true);
            if (readiness.Task.IsCompleted)
            {
                readiness = Pending();
            }
        }

        Interlocked.Exchange(ref publishedSequence, -1);
        await authority.ForgetAsync().ConfigureAwait(false);
        IdentityControllerLog.TermEnded(logger, authority.TrustDomain.Name);
    }

    private async Task TickAsync(CancellationToken term)
    {
        try
        {
            await authority.RotateAsync(term).ConfigureAwait(false);
        }
        catch (Exception) when (term.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            // Whatever went wrong (API down, timeout, expired upstream), the clock must keep ticking or rotation would
            // stop for good; a step that is still due is retried after the retry interval, not every second.
            IdentityControllerLog.RotationFailed(logger, e.GetType().Name + ": " + e.Message);
            Schedule(term, options.CaRetryInterval);
            return;
        }

        Schedule(term);
    }

    private void Schedule(CancellationToken term, TimeSpan? atLeast = null)
    {
        var minimum = atLeast is { } retry && retry > TimeSpan.FromSeconds(1) ? retry : TimeSpan.FromSeconds(1);
        var due = authority.NextStepAt() - identityTime.GetUtcNow();
        due = due < minimum ? minimum : due > MaxTick ? MaxTick : due;
        lock (gate)
        {
            // A tick of an ended term must not re-arm the timer of the next one.
            if (term == currentTerm && !term.IsCancellationRequested)
            {
                timer?.Change(due, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Requests refused while the CA was unavailable were not retried by the runtime: queue them again.</summary>
    private void RequeueRefusedWork()
    {
        Requeue<V1PodCertificateRequest>(r => r.Spec?.SignerName == options.SignerName && string.IsNullOrEmpty(r.Status?.CertificateChain) && r.Status?.Conditions is not { Count: > 0 });
        Requeue<V1CertificateSigningRequest>(r => r.Spec?.SignerName == options.SignerName && r.Status?.Certificate is not { Length: > 0 });
        Requeue<V1Namespace>(_ => true);
    }

    private void Requeue<TEntity>(Func<TEntity, bool> waiting)
        where TEntity : k8s.IKubernetesObject<V1ObjectMeta>
    {
        if (services.GetService<IEntityCache<TEntity>>() is not { } cache || services.GetService<EntityQueue<TEntity>>() is not { } queue)
        {
            return;
        }

        foreach (var entity in cache.List().Where(waiting))
        {
            _ = queue(entity, ReconciliationType.Modified, ReconciliationTriggerSource.Operator, TimeSpan.Zero, 0, CancellationToken.None);
        }
    }

    private void OnBundleChanged(object? sender, SpiffeBundle bundle)
    {
        var namespaces = services.GetService<IEntityCache<V1Namespace>>()?.List() ?? [];
        IdentityControllerLog.BundleChanged(logger, bundle.SequenceNumber ?? 0, namespaces.Count);
        Requeue<V1Namespace>(_ => true);
    }
}
