using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Platform.Benchmarks.Identity.Storm;

/// <summary>The storm's figures: wall time, latency percentiles of the storm and of the mid-storm probes, failures.</summary>
internal sealed record StormReport(
    int Requests,
    TimeSpan WallTime,
    TimeSpan CreateTime,
    IReadOnlyList<TimeSpan> StormLatencies,
    IReadOnlyList<TimeSpan> ProbeLatencies,
    int ProbesCreatedAfter,
    int Timeouts,
    IReadOnlyList<string> Failures,
    int WatchReconnects)
{
    public static TimeSpan Elapsed(long from, long to) => Stopwatch.GetElapsedTime(from, to);

    public static TimeSpan Percentile(IReadOnlyList<TimeSpan> sorted, double p) =>
        sorted.Count == 0 ? TimeSpan.Zero : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    public string Format()
    {
        var s = StormLatencies.Order().ToList();
        var p = ProbeLatencies.Order().ToList();
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine("==== Identity signing storm ====");
        text.AppendLine(c, $"requests               {Requests}");
        text.AppendLine(c, $"issued                 {s.Count + p.Count} ({s.Count} storm + {p.Count} probes)");
        text.AppendLine(c, $"wall time (all Issued) {WallTime.TotalSeconds:F2} s  ({(s.Count + p.Count) / Math.Max(WallTime.TotalSeconds, 1e-9):F0} issued/s)");
        text.AppendLine(c, $"creation took          {CreateTime.TotalSeconds:F2} s");
        text.AppendLine(c, $"storm latency p50/p99/max {Percentile(s, 0.50).TotalMilliseconds:F0} / {Percentile(s, 0.99).TotalMilliseconds:F0} / {(s.Count > 0 ? s[^1] : TimeSpan.Zero).TotalMilliseconds:F0} ms");
        text.AppendLine(c, $"probes (created after {ProbesCreatedAfter} storm requests): {p.Count} issued, latencies {string.Join(", ", p.Select(l => l.TotalMilliseconds.ToString("F0", c)))} ms");
        text.AppendLine(c, $"timeouts               {Timeouts}");
        text.AppendLine(c, $"failures               {Failures.Count}{(Failures.Count > 0 ? " e.g. " + string.Join("; ", Failures.Take(5)) : string.Empty)}");
        text.AppendLine(c, $"watch reconnects       {WatchReconnects}");
        return text.ToString();
    }
}
