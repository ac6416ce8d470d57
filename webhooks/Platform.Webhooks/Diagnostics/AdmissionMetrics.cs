using Prometheus;

namespace Platform.Webhooks.Diagnostics;

/// <summary>Admission counts and latency by webhook and result, in a registry of the server's own (no static state).</summary>
internal sealed class AdmissionMetrics
{
    private readonly CollectorRegistry registry = Metrics.NewCustomRegistry();
    private readonly Counter requests;
    private readonly Histogram duration;

    public AdmissionMetrics()
    {
        var factory = Metrics.WithCustomRegistry(registry);
        requests = factory.CreateCounter(
            "platform_admission_requests_total",
            "Admission requests answered, by webhook and result (allowed, denied, timeout, error, rejected).",
            new CounterConfiguration { LabelNames = ["webhook", "result"] });
        duration = factory.CreateHistogram(
            "platform_admission_request_duration_seconds",
            "Time from reading an admission request to writing its answer, by webhook and result.",
            new HistogramConfiguration
            {
                LabelNames = ["webhook", "result"],
                Buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
            });
    }

    public void Observe(string webhook, string result, TimeSpan elapsed)
    {
        requests.WithLabels(webhook, result).Inc();
        duration.WithLabels(webhook, result).Observe(elapsed.TotalSeconds);
    }

    public Task ExportAsync(Stream stream, CancellationToken cancellationToken) =>
        registry.CollectAndExportAsTextAsync(stream, cancellationToken);
}
