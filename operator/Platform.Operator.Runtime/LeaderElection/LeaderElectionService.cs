using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Operator.Abstractions.Builder;
using Platform.Operator.Runtime.Diagnostics;

namespace Platform.Operator.Runtime.LeaderElection;

/// <summary>
/// Runs KubernetesClient's <see cref="LeaderElector"/> over a Lease and drives the <see cref="LeadershipGate"/>.
/// The elector's run methods end or throw on API trouble, so this loops forever; on shutdown it releases the Lease
/// (holder cleared, 1 s duration, as client-go's ReleaseOnCancel does) so another replica takes over at once.
/// </summary>
internal sealed class LeaderElectionService(
    IKubernetes kubernetes,
    OperatorSettings settings,
    LeadershipGate gate,
    ILogger<LeaderElectionService> logger,
    TimeProvider time) : BackgroundService
{
    private string LeaseRef => $"{settings.LeaseNamespace}/{settings.LeaseName}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.EnableLeaderElection)
        {
            gate.Acquire();
            return;
        }

        var config = new LeaderElectionConfig(new LeaseLock(kubernetes, settings.LeaseNamespace, settings.LeaseName, settings.Identity))
        {
            LeaseDuration = settings.LeaseDuration,
            RenewDeadline = settings.RenewDeadline,
            RetryPeriod = settings.RetryPeriod,
        };
        using var elector = new LeaderElector(config);
        elector.OnStartedLeading += () =>
        {
            logger.StartedLeading(LeaseRef, settings.Identity);
            gate.Acquire();
        };
        elector.OnStoppedLeading += () =>
        {
            if (gate.IsLeading)
            {
                logger.StoppedLeading(LeaseRef, settings.Identity);
            }

            gate.Release();
        };
        elector.OnNewLeader += leader => logger.NewLeader(LeaseRef, leader ?? "<none>");
        elector.OnError += e => logger.LeaderElectionError(LeaseRef, e);

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await elector.RunUntilLeadershipLostAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    // RBAC, network or API errors: never give up, keep competing for the Lease.
                    logger.LeaderElectionError(LeaseRef, e);
                }
                finally
                {
                    gate.Release();
                }

                await Task.Delay(settings.RetryPeriod, time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        var wasLeading = settings.EnableLeaderElection && gate.IsLeading;
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        gate.Release();
        if (wasLeading)
        {
            await ReleaseLeaseAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReleaseLeaseAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.RenewDeadline);
            var lease = await kubernetes.CoordinationV1.ReadNamespacedLeaseAsync(settings.LeaseName, settings.LeaseNamespace, cancellationToken: timeout.Token)
                .ConfigureAwait(false);
            if (lease.Spec?.HolderIdentity != settings.Identity)
            {
                return;
            }

            // An empty (not null) holder: KubernetesClient's elector treats a null holder as "no Lease" and tries to create one.
            lease.Spec.HolderIdentity = string.Empty;
            lease.Spec.LeaseDurationSeconds = 1;
            lease.Spec.RenewTime = time.GetUtcNow().UtcDateTime;
            await kubernetes.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, settings.LeaseName, settings.LeaseNamespace, cancellationToken: timeout.Token)
                .ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LeaderElectionError(LeaseRef, e);
        }
    }
}
