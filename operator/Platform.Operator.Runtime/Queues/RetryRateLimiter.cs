using Platform.Operator.Abstractions.Builder;
using Platform.Operator.Abstractions.Reconciliation;

namespace Platform.Operator.Runtime.Queues;

/// <summary>
/// controller-runtime's default controller rate limiter: the larger of a per-item exponential backoff and a global
/// token bucket, so one failing key backs off alone while a storm of failures is throttled overall.
/// </summary>
internal sealed class RetryRateLimiter(OperatorSettings settings, TimeProvider time)
{
    private readonly ItemExponentialBackoff _perItem = new(settings.RetryBaseDelay, settings.RetryMaxDelay);
    private readonly TokenBucket _bucket = new(settings.RetryBucketQps, settings.RetryBucketBurst, time);

    public TimeSpan When(EntityKey key)
    {
        var item = _perItem.When(key);
        var overall = _bucket.Reserve();
        return item > overall ? item : overall;
    }

    public int Retries(EntityKey key) => _perItem.Failures(key);

    public void Forget(EntityKey key) => _perItem.Forget(key);
}
