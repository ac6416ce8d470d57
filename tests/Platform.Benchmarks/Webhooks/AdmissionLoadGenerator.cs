using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Platform.Benchmarks.Pacing;

namespace Platform.Benchmarks.Webhooks;

/// <summary>
/// Drives the admission server over HTTPS with concurrent keep-alive connections on 127.0.0.1, bounded in count
/// and time: a fixed-rate open loop for latency at a given load, and a closed loop for peak throughput. Each
/// connection has its own thread doing blocking I/O, so the process's thread pool serves only the server.
/// </summary>
internal sealed class AdmissionLoadGenerator : IDisposable
{
    private const string Path = "/validate/serviceentry";

    private readonly AdmissionConnection[] connections;

    private AdmissionLoadGenerator(AdmissionConnection[] connections) => this.connections = connections;

    /// <summary>Opens every connection (TLS handshakes), outside any measurement.</summary>
    public static async Task<AdmissionLoadGenerator> OpenAsync(BenchmarkWebhookServer server, int connections)
    {
        var body = Encoding.UTF8.GetBytes(ServiceEntryReviews.Create());
        var opened = await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => server.ConnectAsync(Path, body)));
        return new AdmissionLoadGenerator(opened);
    }

    /// <summary>Sends <paramref name="requests"/> back to back over all connections to warm the JIT.</summary>
    public Task WarmUpAsync(int requests) => OnThreadsAsync(connections.Length, c =>
    {
        for (var i = c; i < requests; i += connections.Length)
        {
            connections[c].Exchange();
        }
    });

    /// <summary>
    /// Sends <paramref name="count"/> requests at <paramref name="rate"/> per second, whatever the answers' pace.
    /// A pacing thread sleeps to each due time (see <see cref="MonotonicSleep"/>) and writes the request itself on
    /// an idle connection, whose own thread is already waiting for the answer: one thread wake-up per request on
    /// the client side, as few as a client can have. Latency counts from the due time, so a late pacer or a
    /// wait for an idle connection is charged to the request.
    /// </summary>
    public async Task<LoadReport> RunFixedRateAsync(int rate, int count)
    {
        var latencies = new double[count];
        var failures = 0;
        var interval = Stopwatch.Frequency / (double)rate;
        var idle = new ConcurrentStack<int>(Enumerable.Range(0, connections.Length));
        var inFlight = new int[connections.Length];
        var broken = 0;
        var finished = false;
        using var stallWatch = new StallWatch();
        var activity = RunActivity.Start();
        var start = Stopwatch.GetTimestamp();
        var receivers = OnThreadsAsync(connections.Length, c =>
        {
            while (true)
            {
                // Blocked in the read before the pacer writes: the answer is the only wake-up.
                bool ok;
                try
                {
                    ok = connections[c].Receive();
                }
                catch (Exception e) when (e is IOException or InvalidDataException)
                {
                    Interlocked.Increment(ref failures);
                    Interlocked.Increment(ref broken);
                    return;
                }

                if (Volatile.Read(ref finished))
                {
                    return;
                }

                var i = Volatile.Read(ref inFlight[c]);
                latencies[i] = Stopwatch.GetElapsedTime(start + (long)(i * interval)).TotalMilliseconds;
                if (!ok)
                {
                    Interlocked.Increment(ref failures);
                }

                idle.Push(c);
            }
        });
        await OnThreadsAsync(1, _ =>
        {
            for (var i = 0; i < count; i++)
            {
                MonotonicSleep.Until(start + (long)(i * interval));
                int c;
                while (!idle.TryPop(out c))
                {
                    Thread.Yield();
                }

                Volatile.Write(ref inFlight[c], i);
                TrySend(connections[c]);
            }

            // Every answer is in when every live connection is idle again; one more request each then wakes
            // the receivers so they can see the run is over.
            while (idle.Count + Volatile.Read(ref broken) < connections.Length)
            {
                Thread.Sleep(1);
            }

            Volatile.Write(ref finished, true);
            while (idle.TryPop(out var c))
            {
                TrySend(connections[c]);
            }
        });
        await receivers;
        var elapsed = Stopwatch.GetElapsedTime(start);
        var sentAt = Enumerable.Range(0, count).Select(i => i * 1000.0 / rate).ToArray();
        var stalls = stallWatch.Stalls;
        DumpTimeline(rate, latencies, stalls);
        return LoadReport.From($"fixed rate {rate}/s, {connections.Length} keep-alive connections", latencies, sentAt, failures, elapsed, activity.Since(), stalls);
    }

    /// <summary>Every connection sends back to back for <paramref name="duration"/>.</summary>
    public async Task<LoadReport> RunPeakAsync(TimeSpan duration)
    {
        var failures = 0;
        var perConnection = new List<double>[connections.Length];
        using var stallWatch = new StallWatch();
        var activity = RunActivity.Start();
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await OnThreadsAsync(connections.Length, c =>
        {
            var mine = perConnection[c] = [];
            while (Stopwatch.GetTimestamp() < end)
            {
                var sent = Stopwatch.GetTimestamp();
                if (!TryExchange(connections[c]))
                {
                    Interlocked.Increment(ref failures);
                }

                mine.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            }
        });
        var elapsed = Stopwatch.GetElapsedTime(start);
        return LoadReport.From($"peak, {connections.Length} connections back to back", [.. perConnection.SelectMany(l => l)], null, failures, elapsed, activity.Since(), stallWatch.Stalls);
    }

    public void Dispose()
    {
        foreach (var connection in connections)
        {
            connection.Dispose();
        }
    }

    private static void TrySend(AdmissionConnection connection)
    {
        try
        {
            connection.Send();
        }
        catch (IOException)
        {
            // Its receiver sees the broken connection and counts the failure.
        }
    }

    private static bool TryExchange(AdmissionConnection connection)
    {
        try
        {
            return connection.Exchange();
        }
        catch (IOException)
        {
            return false;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>Runs <paramref name="body"/>(0..count-1) on dedicated threads; completes when all have returned.</summary>
    private static Task OnThreadsAsync(int count, Action<int> body)
    {
        var tasks = new Task[count];
        for (var t = 0; t < count; t++)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var index = t;
            new Thread(() =>
            {
                try
                {
                    body(index);
                    done.SetResult();
                }
                catch (Exception e)
                {
                    done.SetException(e);
                }
            }) { IsBackground = true, Name = $"admission load {index}" }.Start();
            tasks[t] = done.Task;
        }

        return Task.WhenAll(tasks);
    }

    /// <summary>With ADMISSION_TIMELINE=path, appends every request's latency and every stall, for tail analysis.</summary>
    private static void DumpTimeline(int rate, double[] latencies, IReadOnlyList<(double AtMs, double LateMs)> stalls)
    {
        var path = Environment.GetEnvironmentVariable("ADMISSION_TIMELINE");
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        using var writer = new StreamWriter(path, append: true);
        writer.WriteLine($"# run rate={rate}");
        for (var i = 0; i < latencies.Length; i++)
        {
            writer.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"r {i * 1000.0 / rate:0.000} {latencies[i]:0.000}"));
        }

        foreach (var (at, late) in stalls)
        {
            writer.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"s {at:0.000} {late:0.000}"));
        }
    }
}
