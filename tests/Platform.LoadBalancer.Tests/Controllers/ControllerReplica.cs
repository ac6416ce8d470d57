using k8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Operator.Runtime.Hosting;
using Prometheus;

namespace Platform.LoadBalancer.Tests.Controllers;

/// <summary>
/// One replica of `platform controller` with the LoadBalancer controllers, hosted by the runtime against the
/// control plane, with leader election on a shared Lease and test-speed timings.
/// </summary>
internal sealed class ControllerReplica : IAsyncDisposable
{
    private readonly IHost host;
    private bool stopped;

    private ControllerReplica(IHost host, CollectorRegistry metrics)
    {
        this.host = host;
        Metrics = metrics;
    }

    /// <summary>This replica's own registry for the allocator gauges (the default registry is process-wide).</summary>
    public CollectorRegistry Metrics { get; }

    public static async Task<ControllerReplica> StartAsync(ControlPlane plane, string identity, string pendingRetry = "00:00:02")
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["LoadBalancer:SuiteNamespace"] = "platform-system",
                ["LoadBalancer:PendingRetryInterval"] = pendingRetry,
            })
            .Build();
        builder.Services.AddSingleton<IKubernetes>(plane.Server.CreateClient());
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        var registry = Prometheus.Metrics.NewCustomRegistry();
        builder.Services
            .AddKubernetesOperator(s => s
                .WithLeaderElection("platform-controller-leader", "default", identity, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1.5), TimeSpan.FromMilliseconds(250))
                .With(o => o with
                {
                    ReconnectInitialDelay = TimeSpan.FromMilliseconds(50),
                    ReconnectMaxDelay = TimeSpan.FromMilliseconds(400),
                    ShutdownTimeout = TimeSpan.FromSeconds(3),
                    RetryMaxDelay = TimeSpan.FromSeconds(2),
                }))
            .AddLoadBalancer(configuration, registry);
        var host = builder.Build();
        await host.StartAsync();
        return new ControllerReplica(host, registry);
    }

    /// <summary>The Prometheus text of this replica's allocator gauges.</summary>
    public async Task<string> ScrapeAsync()
    {
        using var stream = new MemoryStream();
        await Metrics.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public async Task StopAsync()
    {
        if (stopped)
        {
            return;
        }

        stopped = true;
        await host.StopAsync();
        host.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
