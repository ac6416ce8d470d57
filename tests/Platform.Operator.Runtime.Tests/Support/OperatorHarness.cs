using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Operator.Abstractions.Builder;
using Platform.Operator.Runtime.Hosting;
using Platform.Testing.FakeApi;

namespace Platform.Operator.Runtime.Tests.Support;

/// <summary>A runtime host wired to the fake API server with test-speed settings.</summary>
public sealed class OperatorHarness : IAsyncDisposable
{
    private OperatorHarness(IHost host, ReconcileProbe probe)
    {
        Host = host;
        Probe = probe;
    }

    public IHost Host { get; }

    public ReconcileProbe Probe { get; }

    public IServiceProvider Services => Host.Services;

    public static async Task<OperatorHarness> StartAsync(
        FakeKubeApiServer server,
        Action<IOperatorBuilder>? register = null,
        Func<OperatorSettingsBuilder, OperatorSettingsBuilder>? settings = null,
        ReconcileProbe? probe = null,
        params DelegatingHandler[] handlers)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        probe ??= new ReconcileProbe();
        builder.Services.AddSingleton(probe);
        builder.Services.AddSingleton<IKubernetes>(server.CreateClient(handlers));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        var operatorBuilder = builder.Services.AddKubernetesOperator(s =>
        {
            s.WithoutLeaderElection().With(Fast);
            settings?.Invoke(s);
        });
        (register ?? (b => b.AddController<WidgetController, Widget>())).Invoke(operatorBuilder);
        var host = builder.Build();
        await host.StartAsync();
        return new OperatorHarness(host, probe);
    }

    public static OperatorSettings Fast(OperatorSettings s) => s with
    {
        ReconnectInitialDelay = TimeSpan.FromMilliseconds(50),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(400),
        WatchTimeout = TimeSpan.FromSeconds(30),
        WatchdogTimeout = TimeSpan.FromSeconds(30),
        ShutdownTimeout = TimeSpan.FromSeconds(5),
    };

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }
}
