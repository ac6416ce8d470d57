using Platform.LoadBalancer.Allocation;
using Prometheus;

namespace Platform.LoadBalancer.Controllers;

/// <summary>
/// Publishes the allocator's figures under MetalLB's metric names (gauges labelled by <c>pool</c>), read from the
/// allocator at scrape time so they are never stale; gauges of pools that disappeared are removed.
/// </summary>
internal sealed class LoadBalancerMetrics
{
    private static readonly (string Name, string Help)[] Families =
    [
        (AllocatorMetricSample.AddressesTotal, "Number of usable IP addresses, per pool"),
        (AllocatorMetricSample.IPv4AddressesTotal, "Number of usable IPv4 addresses, per pool"),
        (AllocatorMetricSample.IPv6AddressesTotal, "Number of usable IPv6 addresses, per pool"),
        (AllocatorMetricSample.AddressesInUseTotal, "Number of IP addresses in use, per pool"),
        (AllocatorMetricSample.IPv4AddressesInUseTotal, "Number of IPv4 addresses in use, per pool"),
        (AllocatorMetricSample.IPv6AddressesInUseTotal, "Number of IPv6 addresses in use, per pool"),
    ];

    private readonly AddressAllocator allocator;
    private readonly Dictionary<string, Gauge> gauges;
    private readonly Lock gate = new();
    private HashSet<string> publishedPools = new(StringComparer.Ordinal);

    public LoadBalancerMetrics(AddressAllocator allocator, CollectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        this.allocator = allocator;
        var factory = Metrics.WithCustomRegistry(registry);
        gauges = Families.ToDictionary(
            f => f.Name,
            f => factory.CreateGauge(f.Name, f.Help, new GaugeConfiguration { LabelNames = ["pool"] }),
            StringComparer.Ordinal);
        registry.AddBeforeCollectCallback(Refresh);
    }

    /// <summary>Copies the allocator's current samples into the gauges.</summary>
    public void Refresh()
    {
        var samples = allocator.MetricSamples();
        lock (gate)
        {
            var pools = new HashSet<string>(StringComparer.Ordinal);
            foreach (var sample in samples)
            {
                if (gauges.TryGetValue(sample.Name, out var gauge))
                {
                    gauge.WithLabels(sample.Pool).Set(sample.Value);
                    pools.Add(sample.Pool);
                }
            }

            foreach (var gone in publishedPools.Except(pools))
            {
                foreach (var gauge in gauges.Values)
                {
                    gauge.RemoveLabelled(gone);
                }
            }

            publishedPools = pools;
        }
    }
}
