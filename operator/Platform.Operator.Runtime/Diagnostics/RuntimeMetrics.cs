using Prometheus;

namespace Platform.Operator.Runtime.Diagnostics;

/// <summary>
/// The runtime's Prometheus collectors, with controller-runtime's metric names and labels. Each runtime owns its
/// registry, so two runtimes in one process (tests) do not mix their figures.
/// </summary>
internal sealed class RuntimeMetrics
{
    public RuntimeMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        var latency = Histogram.ExponentialBuckets(0.005, 2, 16);

        ReconcileTotal = factory.CreateCounter(
            "controller_runtime_reconcile_total", "Total number of reconciliations per controller.", new CounterConfiguration { LabelNames = ["controller", "result"] });
        ReconcileErrors = factory.CreateCounter(
            "controller_runtime_reconcile_errors_total", "Total number of reconciliation errors per controller.", new CounterConfiguration { LabelNames = ["controller"] });
        ReconcileTime = factory.CreateHistogram(
            "controller_runtime_reconcile_time_seconds", "Length of time per reconciliation per controller.", new HistogramConfiguration { LabelNames = ["controller"], Buckets = latency });
        ActiveWorkers = factory.CreateGauge(
            "controller_runtime_active_workers", "Number of currently used workers per controller.", new GaugeConfiguration { LabelNames = ["controller"] });
        QueueDepth = factory.CreateGauge(
            "workqueue_depth", "Current depth of workqueue.", new GaugeConfiguration { LabelNames = ["name"] });
        QueueAdds = factory.CreateCounter(
            "workqueue_adds_total", "Total number of adds handled by workqueue.", new CounterConfiguration { LabelNames = ["name"] });
        QueueRetries = factory.CreateCounter(
            "workqueue_retries_total", "Total number of retries handled by workqueue.", new CounterConfiguration { LabelNames = ["name"] });
        QueueDuration = factory.CreateHistogram(
            "workqueue_queue_duration_seconds", "How long in seconds an item stays in workqueue before being requested.", new HistogramConfiguration { LabelNames = ["name"], Buckets = latency });
        LeaderStatus = factory.CreateGauge(
            "leader_election_master_status", "Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master.", new GaugeConfiguration { LabelNames = ["name"] });
        WatchErrors = factory.CreateCounter(
            "platform_informer_watch_errors_total", "List and watch failures per resource and reason (410, 429, 5xx, timeout, dropped, watchdog).", new CounterConfiguration { LabelNames = ["resource", "reason"] });
        MalformedEvents = factory.CreateCounter(
            "platform_informer_malformed_events_total", "Watch events skipped because they could not be parsed or deserialized.", new CounterConfiguration { LabelNames = ["resource"] });
        Relists = factory.CreateCounter(
            "platform_informer_relists_total", "Full lists per resource (the first one and every re-list after 410 Gone).", new CounterConfiguration { LabelNames = ["resource"] });
        EventsApplied = factory.CreateCounter(
            "platform_informer_events_total", "Watch events applied to the cache per resource and type.", new CounterConfiguration { LabelNames = ["resource", "type"] });
    }

    /// <summary>The registry every collector below belongs to.</summary>
    public CollectorRegistry Registry { get; }

    public Counter ReconcileTotal { get; }

    public Counter ReconcileErrors { get; }

    public Histogram ReconcileTime { get; }

    public Gauge ActiveWorkers { get; }

    public Gauge QueueDepth { get; }

    public Counter QueueAdds { get; }

    public Counter QueueRetries { get; }

    public Histogram QueueDuration { get; }

    public Gauge LeaderStatus { get; }

    public Counter WatchErrors { get; }

    public Counter MalformedEvents { get; }

    public Counter Relists { get; }

    public Counter EventsApplied { get; }

    /// <summary>
    /// Writes every metric in the Prometheus text exposition format: the runtime's own, then the process-wide
    /// default registry, where feature projects (e.g. MetalLB's allocator gauges) publish without naming the runtime.
    /// </summary>
    public async Task<string> ExportAsync(CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream();
        await Registry.CollectAndExportAsTextAsync(stream, cancellationToken).ConfigureAwait(false);
        await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(stream, cancellationToken).ConfigureAwait(false);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
