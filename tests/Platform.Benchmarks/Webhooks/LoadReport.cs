using System.Globalization;

namespace Platform.Benchmarks.Webhooks;

/// <summary>
/// What one load run measured. Latencies are from the scheduled send time (no coordinated omission). The
/// tail is explained by what else happened in the process during the run: garbage collections, methods
/// compiled by the JIT, thread-pool threads added, and how the slow requests cluster in time (one stall
/// shows as one window; a steady cost as many).
/// </summary>
internal sealed record LoadReport(
    string Name,
    int Requests,
    int Failures,
    TimeSpan Elapsed,
    double P50Milliseconds,
    double P99Milliseconds,
    double MaxMilliseconds,
    RunActivity Activity,
    int SlowRequests,
    int SlowWindows,
    int Stalls,
    double LongestStallMilliseconds)
{
    /// <summary>A request slower than this counts towards <see cref="SlowRequests"/> (the p99 target).</summary>
    public const double SlowMilliseconds = 2.0;

    /// <summary>Slow requests are grouped into windows of this length.</summary>
    public const double WindowMilliseconds = 100.0;

    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    /// <param name="name">What was run.</param>
    /// <param name="latenciesMs">Per request, in send order.</param>
    /// <param name="sentAtMs">Per request, when it was due relative to the run's start (null: not tracked).</param>
    /// <param name="failures">Requests that failed.</param>
    /// <param name="elapsed">Wall time of the run.</param>
    /// <param name="activity">Process activity over the run.</param>
    /// <param name="stalls">Late wake-ups of a <see cref="StallWatch"/> over the run (null: not watched).</param>
    public static LoadReport From(string name, double[] latenciesMs, double[]? sentAtMs, int failures, TimeSpan elapsed, RunActivity activity, IReadOnlyList<(double AtMs, double LateMs)>? stalls = null)
    {
        var slow = 0;
        var windows = new HashSet<long>();
        for (var i = 0; i < latenciesMs.Length; i++)
        {
            if (latenciesMs[i] > SlowMilliseconds)
            {
                slow++;
                if (sentAtMs is not null)
                {
                    windows.Add((long)(sentAtMs[i] / WindowMilliseconds));
                }
            }
        }

        var sorted = (double[])latenciesMs.Clone();
        Array.Sort(sorted);
        return new LoadReport(name, sorted.Length, failures, elapsed, Percentile(sorted, 0.50), Percentile(sorted, 0.99), sorted.Length == 0 ? 0 : sorted[^1], activity, slow, windows.Count,
            stalls?.Count ?? 0, stalls is { Count: > 0 } ? stalls.Max(s => s.LateMs) : 0);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name}: {Requests} requests in {Elapsed.TotalSeconds:0.00} s = {RequestsPerSecond:0} req/s, failures {Failures}, p50 {P50Milliseconds:0.000} ms, p99 {P99Milliseconds:0.000} ms, max {MaxMilliseconds:0.000} ms; over {SlowMilliseconds} ms: {SlowRequests} requests in {SlowWindows} windows of {WindowMilliseconds} ms; process stalls over 1 ms: {Stalls} (longest {LongestStallMilliseconds:0.0} ms); {Activity}");

    private static double Percentile(double[] sorted, double quantile) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
}
