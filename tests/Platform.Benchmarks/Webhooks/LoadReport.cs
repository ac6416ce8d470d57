using System.Globalization;

namespace Platform.Benchmarks.Webhooks;

/// <summary>What one load run measured. Latencies are from the scheduled send time (no coordinated omission).</summary>
internal sealed record LoadReport(string Name, int Requests, int Failures, TimeSpan Elapsed, double P50Milliseconds, double P99Milliseconds, double MaxMilliseconds)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    public static LoadReport From(string name, double[] latenciesMs, int failures, TimeSpan elapsed)
    {
        Array.Sort(latenciesMs);
        return new LoadReport(name, latenciesMs.Length, failures, elapsed, Percentile(latenciesMs, 0.50), Percentile(latenciesMs, 0.99), latenciesMs.Length == 0 ? 0 : latenciesMs[^1]);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name}: {Requests} requests in {Elapsed.TotalSeconds:0.00} s = {RequestsPerSecond:0} req/s, failures {Failures}, p50 {P50Milliseconds:0.000} ms, p99 {P99Milliseconds:0.000} ms, max {MaxMilliseconds:0.000} ms");

    private static double Percentile(double[] sorted, double quantile) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
}
