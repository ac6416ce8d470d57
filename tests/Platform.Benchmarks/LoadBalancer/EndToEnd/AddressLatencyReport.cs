using System.Globalization;

namespace Platform.Benchmarks.LoadBalancer.EndToEnd;

/// <summary>
/// The figures of one end-to-end run: per Service, the time from its create call returning to the watch event
/// that first shows <c>status.loadBalancer.ingress</c>.
/// </summary>
internal sealed record AddressLatencyReport(
    int Services,
    int Addressed,
    int ClientTasks,
    int MaxConcurrentReconciles,
    TimeSpan CreatePhase,
    TimeSpan UntilAllAddressed,
    TimeSpan P50,
    TimeSpan P99,
    TimeSpan Max)
{
    /// <summary>Builds the report; latencies are in stopwatch ticks, one per addressed Service.</summary>
    public static AddressLatencyReport From(
        int services, int clientTasks, int maxConcurrentReconciles, TimeSpan createPhase, TimeSpan untilAllAddressed, IReadOnlyList<TimeSpan> latencies)
    {
        var sorted = latencies.Order().ToArray();
        return new AddressLatencyReport(
            services,
            sorted.Length,
            clientTasks,
            maxConcurrentReconciles,
            createPhase,
            untilAllAddressed,
            Percentile(sorted, 0.50),
            Percentile(sorted, 0.99),
            sorted.Length == 0 ? TimeSpan.Zero : sorted[^1]);
    }

    /// <summary>Nearest-rank percentile of an ascending array.</summary>
    internal static TimeSpan Percentile(TimeSpan[] ascending, double fraction)
    {
        if (ascending.Length == 0)
        {
            return TimeSpan.Zero;
        }

        var rank = (int)Math.Ceiling(fraction * ascending.Length);
        return ascending[Math.Clamp(rank - 1, 0, ascending.Length - 1)];
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"services={Services} addressed={Addressed} clientTasks={ClientTasks} maxConcurrentReconciles={MaxConcurrentReconciles} " +
        $"createPhase={CreatePhase.TotalSeconds:F2}s untilAllAddressed={UntilAllAddressed.TotalSeconds:F2}s " +
        $"p50={P50.TotalMilliseconds:F0}ms p99={P99.TotalMilliseconds:F0}ms max={Max.TotalMilliseconds:F0}ms");
}
