using System.Net;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Identity;
using Platform.Operator.Runtime.Hosting;
using Platform.Sandbox.Hosting;
using Platform.Webhooks;
using Platform.Webhooks.Federation;
using Platform.Webhooks.Hosting;

namespace Platform.Operator.Suite;

/// <summary>The in-process host of the suite's own components (webhooks, bundle endpoint, controllers) against the embedded control plane.</summary>
internal static class SuiteHost
{
    public static IHost Build(SandboxServer server, SandboxSuiteOptions options, Action<AdmissionWebhookOptions> webhooks, int bundleEndpointPort, ILoggerFactory loggerFactory)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton<IHostLifetime, EmbeddedSuiteLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(3));
        builder.Services.AddSingleton(options.Sandbox.TimeProvider);
        builder.Services.AddSingleton<IKubernetes>(_ => server.CreateClient());

        builder.Services.AddAdmissionWebhooks(webhooks).AddPlatformWebhooks();
        builder.Services.AddSpiffeBundleEndpoint(o =>
        {
            o.BindAddress = IPAddress.Loopback.ToString();
            o.Port = bundleEndpointPort;
        });
        AddControllers(builder.Services, options.Identity);
        return builder.Build();
    }

    /// <summary>
    /// The reconciler runtime and every feature controller, registered as for <c>platform controller</c> but
    /// without leader election: the sandbox is one replica.
    /// </summary>
    private static void AddControllers(IServiceCollection services, IdentityOptions? identity) =>
        SuiteFeatures.Register(services.AddKubernetesOperator(s => s.WithName("platform").WithoutLeaderElection()), identity);
}
