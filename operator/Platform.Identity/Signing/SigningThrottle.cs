namespace Platform.Identity.Signing;

/// <summary>
/// Admission control for signing: a token bucket (sustained rate plus burst, refilled from the TimeProvider)
/// and a cap on concurrent signatures. Waiters queue first come, first served behind one timer, so a storm
/// is drained at the configured rate without a thundering herd and without starving requests that arrive
/// later; callers that cannot wait use <see cref="TryTakeToken"/> and get a retry-after.
/// </summary>
internal sealed class SigningThrottle : IDisposable
{
    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly double tokensPerSecond;
    private readonly double burst;
    private readonly SemaphoreSlim concurrency;
    private readonly Queue<TaskCompletionSource> waiters = new();
    private readonly ITimer timer;
    private double tokens;
    private long lastRefill;
    private bool timerArmed;

    public SigningThrottle(TimeProvider time, double tokensPerSecond, int burst, int maxConcurrency)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tokensPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxConcurrency);
        this.time = time;
        this.tokensPerSecond = tokensPerSecond;
        this.burst = burst;
        tokens = burst;
        lastRefill = time.GetTimestamp();
        concurrency = new SemaphoreSlim(maxConcurrency, maxConcurrency);
        timer = time.CreateTimer(_ => Release(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Requests waiting for a token.</summary>
    public int Waiting
    {
        get
        {
            lock (gate)
            {
                return waiters.Count;
            }
        }
    }

    /// <summary>Takes a token now if one is free and nobody is queued; otherwise says how long until one will be.</summary>
    public bool TryTakeToken(out TimeSpan retryAfter)
    {
        lock (gate)
        {
            Refill();
            if (waiters.Count == 0 && tokens >= 1)
            {
                tokens -= 1;
                retryAfter = TimeSpan.Zero;
                return true;
            }

            retryAfter = TimeSpan.FromSeconds((waiters.Count + 1 - tokens) / tokensPerSecond);
            return false;
        }
    }

    /// <summary>Waits (in arrival order) for a token and a concurrency slot, then runs <paramref name="sign"/>.</summary>
    public async Task<T> RunAsync<T>(Func<T> sign, CancellationToken cancellationToken)
    {
        TaskCompletionSource? wait = null;
        lock (gate)
        {
            Refill();
            if (waiters.Count == 0 && tokens >= 1)
            {
                tokens -= 1;
            }
            else
            {
                var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                waiters.Enqueue(waiter);
                ArmTimer();
                wait = waiter;
            }
        }

        if (wait is not null)
        {
            // A cancelled waiter completes its task, so Release skips it instead of spending a token on it.
            await using (cancellationToken.Register(() => wait.TrySetCanceled(cancellationToken)).ConfigureAwait(false))
            {
                await wait.Task.ConfigureAwait(false);
            }
        }

        await concurrency.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return sign();
        }
        finally
        {
            concurrency.Release();
        }
    }

    public void Dispose()
    {
        timer.Dispose();
        concurrency.Dispose();
    }

    private void Refill()
    {
        var now = time.GetTimestamp();
        tokens = Math.Min(burst, tokens + (time.GetElapsedTime(lastRefill, now).TotalSeconds * tokensPerSecond));
        lastRefill = now;
    }

    private void ArmTimer()
    {
        if (!timerArmed && waiters.Count > 0)
        {
            timerArmed = true;
            var due = TimeSpan.FromSeconds(Math.Max(0, 1 - tokens) / tokensPerSecond);
            timer.Change(due < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : due, Timeout.InfiniteTimeSpan);
        }
    }

    private void Release()
    {
        var released = new List<TaskCompletionSource>();
        lock (gate)
        {
            timerArmed = false;
            Refill();
            while (waiters.Count > 0 && tokens >= 1)
            {
                var waiter = waiters.Dequeue();
                if (!waiter.Task.IsCompleted)
                {
                    tokens -= 1;
                    released.Add(waiter);
                }
            }

            ArmTimer();
        }

        foreach (var waiter in released)
        {
            waiter.TrySetResult();
        }
    }
}
