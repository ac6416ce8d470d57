using Platform.Operator.Abstractions.Reconciliation;

namespace Platform.Operator.Runtime.Queues;

/// <summary>Per-key exponential backoff: base × 2^failures, capped (client-go's ItemExponentialFailureRateLimiter).</summary>
internal sealed class ItemExponentialBackoff(TimeSpan baseDelay, TimeSpan maxDelay)
{
    private readonly Dictionary<EntityKey, int> _failures = [];
    private readonly Lock _gate = new();

    /// <summary>The delay before the next retry of this key; each call counts one more failure.</summary>
    public TimeSpan When(EntityKey key)
    {
        int exponent;
        lock (_gate)
        {
            _failures.TryGetValue(key, out exponent);
            _failures[key] = exponent + 1;
        }

        // 2^exponent overflows long after the cap is reached; stop doubling well before that.
        if (exponent >= 40)
        {
            return maxDelay;
        }

        var ticks = baseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>How many failures have been counted for this key since it was last forgotten.</summary>
    public int Failures(EntityKey key)
    {
        lock (_gate)
        {
            return _failures.GetValueOrDefault(key);
        }
    }

    /// <summary>Resets the key: its next failure starts from the base delay again.</summary>
    public void Forget(EntityKey key)
    {
        lock (_gate)
        {
            _failures.Remove(key);
        }
    }
}
