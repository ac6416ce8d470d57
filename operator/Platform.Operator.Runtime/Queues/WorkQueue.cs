using Platform.Operator.Abstractions.Reconciliation;
using Platform.Operator.Runtime.Diagnostics;

namespace Platform.Operator.Runtime.Queues;

/// <summary>
/// client-go's work queue semantics keyed by namespace/name: a key is queued at most once (dirty set); a key added
/// while it is being processed is queued again only after <see cref="Done"/>, so one key is never handed to two
/// workers at once. Delayed adds wait on a <see cref="TimeProvider"/> timer; rate-limited adds use
/// <see cref="RetryRateLimiter"/>.
/// </summary>
internal sealed class WorkQueue : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Queue<EntityKey> _queue = new();
    private readonly HashSet<EntityKey> _dirty = [];
    private readonly HashSet<EntityKey> _processing = [];
    private readonly Dictionary<EntityKey, long> _enqueuedAt = [];
    private readonly Dictionary<EntityKey, PendingAdd> _waiting = [];
    private readonly SemaphoreSlim _available = new(0);
    private readonly TimeProvider _time;
    private readonly RetryRateLimiter _limiter;
    private readonly RuntimeMetrics? _metrics;
    private bool _disposed;

    public WorkQueue(string name, RetryRateLimiter limiter, TimeProvider time, RuntimeMetrics? metrics = null)
    {
        Name = name;
        _limiter = limiter;
        _time = time;
        _metrics = metrics;
    }

    /// <summary>The queue's name (the controller's), used as the metrics label.</summary>
    public string Name { get; }

    /// <summary>Keys waiting to be taken (not counting delayed or in-flight ones).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Queues a key now. A key already queued is not queued twice.</summary>
    public void Add(EntityKey key)
    {
        lock (_gate)
        {
            if (_disposed || !_dirty.Add(key))
            {
                return;
            }

            _metrics?.QueueAdds.WithLabels(Name).Inc();
            if (_processing.Contains(key))
            {
                // Picked up again by Done(), never concurrently.
                return;
            }

            EnqueueLocked(key);
        }
    }

    /// <summary>Queues a key after a delay. An earlier pending delay for the same key wins.</summary>
    public void AddAfter(EntityKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var due = _time.GetUtcNow() + delay;
            if (_waiting.TryGetValue(key, out var existing))
            {
                if (existing.Due <= due)
                {
                    return;
                }

                existing.Timer?.Dispose();
            }

            var pending = new PendingAdd(key, due);
            _waiting[key] = pending;
            pending.Timer = _time.CreateTimer(Fire, pending, delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Queues a key after its backoff (a thrown error); returns the delay chosen.</summary>
    public TimeSpan AddRateLimited(EntityKey key)
    {
        var delay = _limiter.When(key);
        _metrics?.QueueRetries.WithLabels(Name).Inc();
        AddAfter(key, delay);
        return delay;
    }

    /// <summary>How many times the key was retried since it was last forgotten.</summary>
    public int Retries(EntityKey key) => _limiter.Retries(key);

    /// <summary>Resets the key's backoff (after a success or a deliberate requeue).</summary>
    public void Forget(EntityKey key) => _limiter.Forget(key);

    /// <summary>Waits for a key and marks it in flight; the caller must call <see cref="Done"/>.</summary>
    public async ValueTask<EntityKey> TakeAsync(CancellationToken cancellationToken)
    {
        await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            var key = _queue.Dequeue();
            _dirty.Remove(key);
            _processing.Add(key);
            if (_enqueuedAt.Remove(key, out var since))
            {
                _metrics?.QueueDuration.WithLabels(Name).Observe(_time.GetElapsedTime(since).TotalSeconds);
            }

            _metrics?.QueueDepth.WithLabels(Name).Set(_queue.Count);
            return key;
        }
    }

    /// <summary>Marks a key no longer in flight; if it was added meanwhile, it is queued again.</summary>
    public void Done(EntityKey key)
    {
        lock (_gate)
        {
            _processing.Remove(key);
            if (_dirty.Contains(key) && !_disposed)
            {
                EnqueueLocked(key);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var pending in _waiting.Values)
            {
                pending.Timer?.Dispose();
            }

            _waiting.Clear();
        }
    }

    private void Fire(object? state)
    {
        var pending = (PendingAdd)state!;
        lock (_gate)
        {
            if (!_waiting.TryGetValue(pending.Key, out var current) || !ReferenceEquals(current, pending))
            {
                return;
            }

            _waiting.Remove(pending.Key);
            pending.Timer?.Dispose();
        }

        Add(pending.Key);
    }

    private void EnqueueLocked(EntityKey key)
    {
        _queue.Enqueue(key);
        _enqueuedAt[key] = _time.GetTimestamp();
        _metrics?.QueueDepth.WithLabels(Name).Set(_queue.Count);
        _available.Release();
    }
}
