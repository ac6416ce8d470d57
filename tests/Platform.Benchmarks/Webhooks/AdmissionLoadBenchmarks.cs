using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Platform.Benchmarks.Webhooks;

/// <summary>
/// Admission latency and throughput over HTTPS for ServiceEntry validation: p50/p99 at 1,000 requests/s and the
/// peak requests/s with concurrent keep-alive connections. Each benchmark is one bounded load run; its figures
/// are printed (the BenchmarkDotNet time is just the run's duration) and appended to admission-load.txt in the
/// BenchmarkDotNet artifacts directory.
/// </summary>
[SimpleJob(RunStrategy.ColdStart, launchCount: 1, warmupCount: 0, iterationCount: 1, invocationCount: 1)]
// Run it out of process (not with --inProcess, which replaces this single-run job with BenchmarkDotNet's default many-iteration one).
public class AdmissionLoadBenchmarks
{
    private BenchmarkWebhookServer server = null!;

    [Params(16)]
    public int Connections { get; set; }

    [GlobalSetup]
    public void Setup() => server = BenchmarkWebhookServer.StartAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => server.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Description = "1,000 req/s for 10 s")]
    public async Task<string> FixedRate1000()
    {
        using var load = await AdmissionLoadGenerator.OpenAsync(server, Connections);
        await SettleAsync(load);
        return Report(await load.RunFixedRateAsync(rate: 1_000, count: 10_000));
    }

    [Benchmark(Description = "peak req/s for 10 s")]
    public async Task<string> Peak()
    {
        using var load = await AdmissionLoadGenerator.OpenAsync(server, Connections);
        await SettleAsync(load);
        // Saturation reaches code the fixed rate does not (more threads, contended paths): one more discarded round.
        Console.WriteLine($"warm-up peak: {await load.RunPeakAsync(TimeSpan.FromSeconds(3))}");
        return Report(await load.RunPeakAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>
    /// A server is measured in its steady state: after a burst that compiles the request path, 1 s rounds at
    /// 1,000 req/s until tiered compilation has settled (under 20 methods compiled in a round; at most 30 rounds).
    /// Their figures are printed, not reported.
    /// </summary>
    private static async Task SettleAsync(AdmissionLoadGenerator load)
    {
        await load.WarmUpAsync(2_000);
        for (var round = 1; round <= 30; round++)
        {
            var warm = await load.RunFixedRateAsync(rate: 1_000, count: 1_000);
            Console.WriteLine($"warm-up {round}: {warm}");
            if (warm.Activity.MethodsJitted < 20)
            {
                return;
            }
        }
    }

    private static string Report(LoadReport report)
    {
        Console.WriteLine(report);
        var directory = Path.Combine(Directory.GetCurrentDirectory(), "BenchmarkDotNet.Artifacts");
        Directory.CreateDirectory(directory);
        File.AppendAllText(Path.Combine(directory, "admission-load.txt"), $"{DateTimeOffset.UtcNow:O} {report}{Environment.NewLine}");
        return report.ToString();
    }
}
