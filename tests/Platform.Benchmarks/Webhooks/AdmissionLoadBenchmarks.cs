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
        using var load = new AdmissionLoadGenerator(server, Connections);
        await load.WarmUpAsync(2_000);
        return Report(await load.RunFixedRateAsync(rate: 1_000, count: 10_000));
    }

    [Benchmark(Description = "peak req/s for 10 s")]
    public async Task<string> Peak()
    {
        using var load = new AdmissionLoadGenerator(server, Connections);
        await load.WarmUpAsync(2_000);
        return Report(await load.RunPeakAsync(TimeSpan.FromSeconds(10)));
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
