using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Operator.Abstractions.Builder;
using Platform.Operator.Abstractions.Cache;
using Platform.Operator.Abstractions.Client;
using Platform.Operator.Abstractions.Events;
using Platform.Operator.Abstractions.Leadership;
using Platform.Operator.Runtime.Client;
using Platform.Operator.Runtime.Diagnostics;
using Platform.Operator.Runtime.Events;
using Platform.Operator.Runtime.Informers;
using Platform.Operator.Runtime.LeaderElection;

namespace Platform.Operator.Runtime.Hosting;

/// <summary>Registers the reconciler runtime.</summary>
public static class OperatorServiceCollectionExtensions
{
    /// <summary>
    /// Adds the operator runtime (informers, work queues, leader election, events, metrics) and returns the builder
    /// features register their controllers on. Uses an already registered <see cref="IKubernetes"/> (tests), else
    /// KUBECONFIG / ~/.kube/config / in-cluster configuration.
    /// </summary>
    public static IOperatorBuilder AddKubernetesOperator(this IServiceCollection services, Action<OperatorSettingsBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = new OperatorSettingsBuilder();
        configure?.Invoke(builder);
        var settings = builder.Build();

        services.AddSingleton(settings);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IKubernetes>(_ => new Kubernetes(KubernetesClientConfiguration.BuildDefaultConfig()));
        services.TryAddSingleton<RuntimeMetrics>();
        services.TryAddSingleton<ApiTransport>();
        services.TryAddSingleton<IKubernetesClient, KubernetesApiClient>();
        services.TryAddSingleton<InformerRegistry>();
        services.TryAddSingleton(typeof(IEntityCache<>), typeof(InformerCache<>));
        services.TryAddSingleton<LeadershipGate>();
        services.TryAddSingleton<ILeadershipTerms>(sp => sp.GetRequiredService<LeadershipGate>());
        services.TryAddSingleton<EventRecorder>();
        services.TryAddSingleton<EventPublisher>(sp => sp.GetRequiredService<EventRecorder>().PublishAsync);
        services.TryAddSingleton<OperatorRuntime>();

        // Leader election first, so it stops last and releases the Lease after the controllers drained.
        services.AddHostedService<LeaderElectionService>();
        services.AddHostedService(sp => sp.GetRequiredService<OperatorRuntime>());
        return new OperatorBuilder(services, settings);
    }
}
