using BenchmarkDotNet.Attributes;
using Platform.Operator.Abstractions.Builder;
using Platform.Operator.Abstractions.Reconciliation;
using Platform.Operator.Runtime.Queues;

namespace Platform.Benchmarks.Runtime;

/// <summary>Work-queue throughput: add + take + done of 100k distinct keys drained by 4 concurrent workers.</summary>
[MemoryDiagnoser]
[Config(typeof(SlowBuildConfig))]
public class WorkQueueBenchmarks
{
    private const int Keys = 100_000;
    private const int Workers = 4;
    private EntityKey[] _keys = [];

    [GlobalSetup]
    public void Setup() => _keys = [.. Enumerable.Range(0, Keys).Select(i => new EntityKey($"ns-{i % 50}", $"service-{i}"))];

    [Benchmark(OperationsPerInvoke = Keys)]
    public async Task AddTakeDone_4Workers()
    {
        using var queue = new WorkQueue("bench", new RetryRateLimiter(new OperatorSettings(), TimeProvider.System), TimeProvider.System);
        var remaining = Keys;
        using var done = new CancellationTokenSource();
        var workers = Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    var key = await queue.TakeAsync(done.Token);
                    queue.Done(key);
                    if (Interlocked.Decrement(ref remaining) == 0)
                    {
                        await done.CancelAsync();
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Drained.
            }
        })).ToArray();

        foreach (var key in _keys)
        {
            queue.Add(key);
        }

        await Task.WhenAll(workers);
    }
}
