using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Platform.Sandbox.Cluster.Watching;

/// <summary>
/// A de-duplicating queue of keys with one worker: a key added while queued is processed once; a key added
/// while being processed is processed again afterwards; a failing key is retried with backoff.
/// </summary>
internal sealed class WorkQueue
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly Channel<string> _channel = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, byte> _queued = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly Func<string, CancellationToken, Task> _handler;
    private readonly ILogger _logger;
    private readonly string _name;
    private CancellationToken _stopping;

    public WorkQueue(string name, Func<string, CancellationToken, Task> handler, ILogger logger)
    {
        _name = name;
        _handler = handler;
        _logger = logger;
    }

    public void Add(string key)
    {
        if (_queued.TryAdd(key, 0))
        {
            _channel.Writer.TryWrite(key);
        }
    }

    public async Task RunAsync(CancellationToken ct)
    {
        _stopping = ct;
        try
        {
            await foreach (var key in _channel.Reader.ReadAllAsync(ct))
            {
                _queued.TryRemove(key, out _);
                try
                {
                    await _handler(key, ct);
                    _failures.TryRemove(key, out _);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    var failures = _failures.AddOrUpdate(key, 1, (_, n) => n + 1);
                    ClusterLog.SyncFailed(_logger, _name, key, failures, e.Message);
                    RetryLater(key, failures);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private void RetryLater(string key, int failures)
    {
        var delay = TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 50 * Math.Pow(2, Math.Min(failures, 10))));

        // Wall-clock backoff: a transient API error must be retried even when the cluster runs on a fake clock.
        _ = Task.Delay(delay, _stopping).ContinueWith(t =>
        {
            if (!t.IsCanceled)
            {
                Add(key);
            }
        }, TaskScheduler.Default);
    }
}
