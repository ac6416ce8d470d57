using System.Diagnostics;
using System.Text;
using Platform.Benchmarks.Pacing;

namespace Platform.Benchmarks.Webhooks;

/// <summary>
/// Drives the admission server over HTTPS with concurrent keep-alive clients on 127.0.0.1, bounded in count and
/// time: a fixed-rate open loop for latency at a given load, and a closed loop for peak throughput.
/// </summary>
internal sealed class AdmissionLoadGenerator(BenchmarkWebhookServer server, int connections) : IDisposable
{
    private const string Path = "/validate/serviceentry";

    private readonly HttpClient[] clients = [.. Enumerable.Range(0, connections).Select(_ => server.CreateClient(maxConnections: 1))];
    private readonly HttpClient pool = server.CreateClient(maxConnections: connections);
    private readonly byte[] body = Encoding.UTF8.GetBytes(ServiceEntryReviews.Create());

    /// <summary>Opens every connection (TLS handshakes) and warms the JIT, outside any measurement.</summary>
    public async Task WarmUpAsync(int requests)
    {
        await Task.WhenAll(Enumerable.Range(0, requests).Select(i => SendAsync(i % 2 == 0 ? clients[i / 2 % clients.Length] : pool)));
    }

    /// <summary>
    /// Sends <paramref name="count"/> requests at <paramref name="rate"/> per second, whatever the answers' pace,
    /// from a dedicated pacing thread that sleeps to each due time (see <see cref="MonotonicSleep"/>).
    /// Requests go to whichever pooled connection is idle, as the API server's client does.
    /// </summary>
    public async Task<LoadReport> RunFixedRateAsync(int rate, int count)
    {
        var latencies = new double[count];
        var failures = 0;
        var inFlight = new Task[count];
        var interval = Stopwatch.Frequency / (double)rate;
        var start = Stopwatch.GetTimestamp();
        var pacer = new Thread(() =>
        {
            for (var i = 0; i < count; i++)
            {
                var due = start + (long)(i * interval);
                MonotonicSleep.Until(due);
                inFlight[i] = SendAndRecordAsync(i, due);
            }
        }) { IsBackground = true, Name = "admission load pacer" };

        async Task SendAndRecordAsync(int index, long due)
        {
            if (!await SendAsync(pool))
            {
                Interlocked.Increment(ref failures);
            }

            latencies[index] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
        }

        pacer.Start();
        await Task.Run(pacer.Join);
        await Task.WhenAll(inFlight);
        return LoadReport.From($"fixed rate {rate}/s, pool of {connections} keep-alive connections", latencies, failures, Stopwatch.GetElapsedTime(start));
    }

    /// <summary>Every connection sends back to back for <paramref name="duration"/>.</summary>
    public async Task<LoadReport> RunPeakAsync(TimeSpan duration)
    {
        var failures = 0;
        var perClient = new List<double>[clients.Length];
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(clients.Select((client, c) => Task.Run(async () =>
        {
            var mine = perClient[c] = [];
            while (Stopwatch.GetTimestamp() < end)
            {
                var sent = Stopwatch.GetTimestamp();
                if (!await SendAsync(client))
                {
                    Interlocked.Increment(ref failures);
                }

                mine.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            }
        })));
        return LoadReport.From($"peak, {connections} connections back to back", [.. perClient.SelectMany(l => l)], failures, Stopwatch.GetElapsedTime(start));
    }

    public void Dispose()
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }

        pool.Dispose();
    }

    private async Task<bool> SendAsync(HttpClient client)
    {
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var response = await client.PostAsync(Path, content);
            var answer = await response.Content.ReadAsByteArrayAsync();
            // A valid entry must come back allowed; anything else counts as a failure.
            return response.IsSuccessStatusCode && answer.AsSpan().IndexOf("\"allowed\":true"u8) >= 0;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }
}
