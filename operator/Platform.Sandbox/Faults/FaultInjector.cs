namespace Platform.Sandbox.Faults;

/// <summary>
/// Fault injection for tests: close every watch, answer the next watch(es) with 410 Expired, fail the
/// next N API requests, add latency to every API request. Thread-safe.
/// </summary>
public sealed class FaultInjector
{
    private readonly Lock _lock = new();
    private readonly Action _closeWatches;
    private int _failCount;
    private RequestFault _failKind;
    private int _expireWatches;

    internal FaultInjector(Action closeWatches) => _closeWatches = closeWatches;

    /// <summary>Extra delay before every API request is served.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>How long a <see cref="RequestFault.Timeout"/> request hangs before answering 504.</summary>
    public TimeSpan TimeoutDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Ends every open watch now (clients see the stream close and must re-watch).</summary>
    public void CloseAllWatches() => _closeWatches();

    /// <summary>The next <paramref name="count"/> watch requests get a 410 Expired ERROR event.</summary>
    public void ExpireNextWatches(int count = 1)
    {
        lock (_lock)
        {
            _expireWatches += count;
        }
    }

    /// <summary>The next <paramref name="count"/> API requests fail with <paramref name="kind"/>.</summary>
    public void FailNextRequests(int count, RequestFault kind = RequestFault.InternalError)
    {
        lock (_lock)
        {
            _failCount = count;
            _failKind = kind;
        }
    }

    /// <summary>Clears all pending faults and latency.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _failCount = 0;
            _expireWatches = 0;
            Latency = TimeSpan.Zero;
        }
    }

    internal RequestFault? TakeRequestFault()
    {
        lock (_lock)
        {
            if (_failCount <= 0)
            {
                return null;
            }

            _failCount--;
            return _failKind;
        }
    }

    internal bool TakeWatchExpiry()
    {
        lock (_lock)
        {
            if (_expireWatches <= 0)
            {
                return false;
            }

            _expireWatches--;
            return true;
        }
    }
}
