using System.Net;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Operator.Abstractions.Reconciliation;
using Platform.Operator.Runtime.Hosting;
using Platform.Operator.Runtime.Tests.Support;
using Platform.Testing.FakeApi;

namespace Platform.Operator.Runtime.Tests.Hosting;

public sealed class OperatorEndpointsTests : IAsyncLifetime
{
    private FakeKubeApiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeKubeApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Metrics_health_and_readiness_are_served_with_controller_runtime_names()
    {
        _server.Upsert(Widget.Create("ok"));
        _server.Upsert(Widget.Create("fails-once"));
        _server.FailNext(20, HttpStatusCode.InternalServerError, r => !r.IsWatch && r.Path.Contains("widgets", StringComparison.Ordinal));
        var failed = 0;
        var probe = new ReconcileProbe
        {
            OnReconcile = (w, _) => w.Metadata.Name == "fails-once" && Interlocked.Exchange(ref failed, 1) == 0
                ? throw new InvalidOperationException("first attempt fails")
                : Task.FromResult(ReconciliationResult<Widget>.Success(w)),
        };

        // Feature projects publish to prometheus-net's default registry; /metrics must serve those too.
        var featureGauge = Prometheus.Metrics.CreateGauge("platform_test_feature_gauge", "A feature-owned gauge.");
        featureGauge.Set(7);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton(probe);
        builder.Services.AddSingleton<IKubernetes>(_server.CreateClient());
        builder.Services.AddKubernetesOperator(s => s.With(OperatorHarness.Fast).WithLeaderElection("endpoints-leader", "default", "me", TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(250)))
            .AddController<WidgetController, Widget>();
        await using var app = builder.Build();
        app.MapOperatorEndpoints();
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);

        await Eventually.TrueAsync(() => probe.Count("default/fails-once") == 2 && probe.Count("default/ok") == 1, "both reconciled", 60);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);

        var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("controller_runtime_reconcile_total{controller=\"widget\",result=\"success\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("controller_runtime_reconcile_total{controller=\"widget\",result=\"error\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("controller_runtime_reconcile_errors_total{controller=\"widget\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("controller_runtime_reconcile_time_seconds_bucket{controller=\"widget\"", text, StringComparison.Ordinal);
        Assert.Contains("workqueue_depth{name=\"widget\"}", text, StringComparison.Ordinal);
        Assert.Contains("workqueue_adds_total{name=\"widget\"}", text, StringComparison.Ordinal);
        Assert.Contains("workqueue_retries_total{name=\"widget\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("workqueue_queue_duration_seconds_bucket{name=\"widget\"", text, StringComparison.Ordinal);
        Assert.Contains("leader_election_master_status{name=\"endpoints-leader\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("platform_informer_watch_errors_total{resource=\"widgets.test.platform.io\",reason=\"5xx\"} 20", text, StringComparison.Ordinal);
        Assert.Contains("platform_test_feature_gauge 7", text, StringComparison.Ordinal);

        await app.StopAsync();
    }
}
