using k8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.LoadBalancer;
using Platform.Operator.Runtime.Hosting;
using Platform.Sandbox.Hosting;

namespace Platform.Benchmarks.LoadBalancer.EndToEnd;

/// <summary>
/// The embedded API server with the MetalLB CRDs and one LoadBalancer controller replica (no leader election)
/// connected to it over HTTPS, as in production.
/// </summary>
internal sealed class LoadBalancerControlPlane : IAsyncDisposable
{
    public const string PoolNamespace = "metallb-system";

    private readonly IHost controllers;

    private LoadBalancerControlPlane(SandboxServer server, IHost controllers)
    {
        Server = server;
        this.controllers = controllers;
    }

    public SandboxServer Server { get; }

    public static async Task<LoadBalancerControlPlane> StartAsync(int maxConcurrentReconciles)
    {
        // Watch history must cover a whole run (create, annotation and status writes per Service) so that a
        // reconnecting watch never gets 410 Gone.
        var server = await SandboxServer.StartAsync(new SandboxOptions { EnableWebhookAdmission = false, RetainedEventsPerResource = 200_000 });
        try
        {
            var crds = Path.Combine(RepositoryRoot(), "crds", "generated");
            foreach (var file in new[] { "ipaddresspools.metallb.io.yaml", "l2advertisements.metallb.io.yaml" })
            {
                await server.ApplyManifestAsync(await File.ReadAllTextAsync(Path.Combine(crds, file)));
            }

            await server.ApplyManifestAsync($"""
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: {PoolNamespace}
                """);

            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["LoadBalancer:SuiteNamespace"] = "platform-system" })
                .Build();
            builder.Services.AddSingleton<IKubernetes>(server.CreateClient());
            builder.Services
                .AddKubernetesOperator(s => s.WithoutLeaderElection().WithConcurrency(maxConcurrentReconciles))
                .AddLoadBalancer(configuration, Prometheus.Metrics.NewCustomRegistry());
            var host = builder.Build();
            await host.StartAsync();
            return new LoadBalancerControlPlane(server, host);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await controllers.StopAsync();
        controllers.Dispose();
        await Server.DisposeAsync();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Platform.sln not found above the benchmark directory.");
    }
}
