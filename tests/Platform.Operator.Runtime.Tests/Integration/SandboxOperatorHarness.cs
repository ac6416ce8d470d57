using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Operator.Abstractions.Builder;
using Platform.Operator.Runtime.Hosting;
using Platform.Operator.Runtime.Tests.Support;

namespace Platform.Operator.Runtime.Tests.Integration;

/// <summary>A runtime host against the embedded control plane, watching one test namespace, at test speed.</summary>
public sealed class SandboxOperatorHarness : IAsyncDisposable
{
    private int _disposed;

    private SandboxOperatorHarness(IHost host, ReconcileProbe probe)
    {
        Host = host;
        Probe = probe;
    }

    public IHost Host { get; }

    public ReconcileProbe Probe { get; }

    public IServiceProvider Services => Host.Services;

    public static async Task<SandboxOperatorHarness> StartAsync(
        SandboxFixture sandbox,
        string ns,
        Action<IOperatorBuilder>? register = null,
        Func<OperatorSettingsBuilder, OperatorSettingsBuilder>? settings = null,
        ReconcileProbe? probe = null,
        params DelegatingHandler[] handlers)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        probe ??= new ReconcileProbe();
        builder.Services.AddSingleton(probe);
        builder.Services.AddSingleton(sandbox.CreateClient(handlers));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        var operatorBuilder = builder.Services.AddKubernetesOperator(s =>
        {
            s.WithoutLeaderElection().WithNamespace(ns).With(OperatorHarness.Fast);
            settings?.Invoke(s);
        });
        (register ?? (b => b.AddController<WidgetController, Widget>())).Invoke(operatorBuilder);
        var host = builder.Build();
        await host.StartAsync();
        return new SandboxOperatorHarness(host, probe);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await Host.StopAsync();
        Host.Dispose();
    }
}
