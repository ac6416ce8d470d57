using Microsoft.Extensions.Hosting;

namespace Platform.LoadBalancer.Controllers;

/// <summary>Creates <see cref="LoadBalancerMetrics"/> at host start, so the gauges are registered before the first scrape.</summary>
internal sealed class MetricsActivation(LoadBalancerMetrics metrics) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        metrics.Refresh();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
