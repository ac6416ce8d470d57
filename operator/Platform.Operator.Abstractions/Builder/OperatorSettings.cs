namespace Platform.Operator.Abstractions.Builder;

/// <summary>
/// Immutable runtime settings. Defaults follow controller-runtime: a 15 s / 10 s / 2 s Lease, one reconcile at a
/// time per controller, per-item backoff 5 ms → 1000 s and a 10 qps / burst 100 token bucket.
/// Build with <see cref="OperatorSettingsBuilder"/> or a <c>with</c> expression.
/// </summary>
public sealed record OperatorSettings
{
    /// <summary>The operator name: the events' reporting controller and the metrics prefix for leadership.</summary>
    public string Name { get; init; } = "platform";

    /// <summary>Only watch this namespace; null watches every namespace.</summary>
    public string? Namespace { get; init; }

    /// <summary>Whether reconcilers run only on the Lease holder.</summary>
    public bool EnableLeaderElection { get; init; } = true;

    /// <summary>The Lease's name.</summary>
    public string LeaseName { get; init; } = "platform-controller-leader";

    /// <summary>The Lease's namespace.</summary>
    public string LeaseNamespace { get; init; } = "default";

    /// <summary>This replica's identity in the Lease (the pod name in a cluster).</summary>
    public string Identity { get; init; } = $"{Environment.MachineName}-{Guid.NewGuid():N}";

    /// <summary>How long a Lease stays valid without renewal.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it gives up leadership.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The interval between acquire and renew attempts.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Reconciles of different keys that may run at once, per controller.</summary>
    public int MaxConcurrentReconciles { get; init; } = 1;

    /// <summary>On shutdown, how long in-flight reconciles may finish before they are cancelled.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The server-side timeout of each watch request (the server then closes it and we resume).</summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A watch that delivered nothing (not even a bookmark) for this long is recycled.</summary>
    public TimeSpan WatchdogTimeout { get; init; } = TimeSpan.FromMinutes(6);

    /// <summary>The first delay before reconnecting a failed list or watch; doubled per failure, jittered.</summary>
    public TimeSpan ReconnectInitialDelay { get; init; } = TimeSpan.FromMilliseconds(800);

    /// <summary>The longest delay between reconnect attempts.</summary>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The first per-item retry delay after a thrown error.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>The longest per-item retry delay.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(1000);

    /// <summary>The sustained rate of the global retry token bucket.</summary>
    public double RetryBucketQps { get; init; } = 10;

    /// <summary>The burst of the global retry token bucket.</summary>
    public int RetryBucketBurst { get; init; } = 100;

    /// <summary>The timeout of a single non-watch API request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws when the settings cannot work together (e.g. renew deadline not below the lease duration).</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException("Operator name must not be empty.");
        }

        if (EnableLeaderElection)
        {
            if (string.IsNullOrWhiteSpace(LeaseName) || string.IsNullOrWhiteSpace(LeaseNamespace) || string.IsNullOrWhiteSpace(Identity))
            {
                throw new ArgumentException("Leader election needs a lease name, a lease namespace and an identity.");
            }

            if (LeaseDuration < TimeSpan.FromSeconds(1) || RenewDeadline >= LeaseDuration || RetryPeriod >= RenewDeadline || RetryPeriod <= TimeSpan.Zero)
            {
                throw new ArgumentException(
                    $"Leader election needs leaseDuration ≥ 1 s > renewDeadline > retryPeriod > 0 (got {LeaseDuration}, {RenewDeadline}, {RetryPeriod}).");
            }
        }

        if (MaxConcurrentReconciles < 1)
        {
            throw new ArgumentException($"MaxConcurrentReconciles must be at least 1 (got {MaxConcurrentReconciles}).");
        }

        if (RetryBaseDelay <= TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay || RetryBucketQps <= 0 || RetryBucketBurst < 1)
        {
            throw new ArgumentException("Retry settings need 0 < base ≤ max delay, qps > 0 and burst ≥ 1.");
        }

        if (WatchTimeout <= TimeSpan.Zero || WatchdogTimeout <= TimeSpan.Zero || ReconnectInitialDelay <= TimeSpan.Zero ||
            ReconnectMaxDelay < ReconnectInitialDelay || ShutdownTimeout < TimeSpan.Zero || RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Watch, reconnect, request and shutdown timings must be positive.");
        }
    }
}
