using System.Collections.Concurrent;
using Platform.Operator.Abstractions.Reconciliation;

namespace Platform.Operator.Runtime.Tests.Support;

/// <summary>Records what the test controller and finalizer saw, and lets a test decide what they do.</summary>
public sealed class ReconcileProbe
{
    private int _active;
    private int _maxActive;

    public ConcurrentQueue<(string Key, string? Size, string Replica)> Reconciled { get; } = new();

    public ConcurrentQueue<string> Deleted { get; } = new();

    public ConcurrentQueue<string> Finalized { get; } = new();

    public ConcurrentQueue<string> Cancelled { get; } = new();

    public ConcurrentDictionary<string, int> ActivePerKey { get; } = new();

    public int MaxConcurrentPerKey;

    public int MaxActive => Volatile.Read(ref _maxActive);

    /// <summary>What ReconcileAsync does after recording (default: succeed at once).</summary>
    public Func<Widget, CancellationToken, Task<ReconciliationResult<Widget>>> OnReconcile { get; set; } =
        (w, _) => Task.FromResult(ReconciliationResult<Widget>.Success(w));

    /// <summary>What FinalizeAsync does (default: succeed).</summary>
    public Func<Widget, Task<ReconciliationResult<Widget>>> OnFinalize { get; set; } =
        w => Task.FromResult(ReconciliationResult<Widget>.Success(w));

    public int Count(string key) => Reconciled.Count(r => r.Key == key);

    public IDisposable Enter(string key)
    {
        var active = Interlocked.Increment(ref _active);
        InterlockedMax(ref _maxActive, active);
        var perKey = ActivePerKey.AddOrUpdate(key, 1, (_, v) => v + 1);
        InterlockedMax(ref MaxConcurrentPerKey, perKey);
        return new ProbeExit(() =>
        {
            ActivePerKey.AddOrUpdate(key, 0, (_, v) => v - 1);
            Interlocked.Decrement(ref _active);
        });
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
