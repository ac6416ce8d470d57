using k8s.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Crds.MetalLB;
using Platform.LoadBalancer.Allocation;
using Platform.LoadBalancer.Configuration;
using Platform.LoadBalancer.Controllers;
using Platform.LoadBalancer.Services;
using Platform.Operator.Abstractions.Builder;
using Platform.Operator.Abstractions.Cache;
using Platform.Operator.Abstractions.Reconciliation;
using Prometheus;

namespace Platform.LoadBalancer;

/// <summary>Registers the LoadBalancer controllers (Services and IPAddressPools) with the operator runtime.</summary>
public static class LoadBalancerOperatorBuilderExtensions
{
    /// <summary>
    /// Adds the Service and IPAddressPool controllers, the watches that bring pool and namespace changes to the
    /// affected Services, and MetalLB's allocator metrics.
    /// </summary>
    /// <param name="builder">The operator builder.</param>
    /// <param name="configuration">
    /// Configuration holding the <c>LoadBalancer</c> section; null binds the section from the host's
    /// <see cref="IConfiguration"/> service.
    /// </param>
    /// <param name="metricsRegistry">Where the allocator gauges go; null uses prometheus-net's default registry.</param>
    public static IOperatorBuilder AddLoadBalancer(this IOperatorBuilder builder, IConfiguration? configuration = null, CollectorRegistry? metricsRegistry = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddLoadBalancerAllocation(configuration ?? new ConfigurationBuilder().Build());
        if (configuration is null)
        {
            services.AddOptions<LoadBalancerOptions>().BindConfiguration(LoadBalancerOptions.SectionName);
        }

        services.TryAddSingleton<ServiceDecisionWriter>();
        services.TryAddSingleton<AllocationSession>();
        services.TryAddSingleton(sp => new LoadBalancerMetrics(sp.GetRequiredService<AddressAllocator>(), metricsRegistry ?? Metrics.DefaultRegistry));

        // Resolved with the controllers: gauges exist from the first scrape, before this replica leads.
        services.AddHostedService(sp => new MetricsActivation(sp.GetRequiredService<LoadBalancerMetrics>()));

        builder.AddController<ServiceController, V1Service>();
        builder.AddController<PoolController, IPAddressPool>();
        // Pool status is ours (written after every allocation); only spec, metadata and deletion move Services.
        builder.Watches<V1Service, IPAddressPool>(ServicesAffectedByPool, ignoreStatusOnlyChanges: true);
        builder.Watches<V1Service, V1Namespace>((sp, ns) => LoadBalancerServices(sp).Where(s => s.Namespace == ns.Metadata?.Name));
        return builder;
    }

    /// <summary>
    /// A pool change concerns the Services that hold (or held) an address of it and every Service still waiting for
    /// an address; the others cannot be affected.
    /// </summary>
    private static IEnumerable<EntityKey> ServicesAffectedByPool(IServiceProvider provider, IPAddressPool pool)
    {
        var name = pool.Metadata?.Name;
        var cache = provider.GetRequiredService<IEntityCache<V1Service>>();
        return cache.List()
            .Where(s => string.Equals(s.Spec?.Type, "LoadBalancer", StringComparison.Ordinal))
            .Where(s =>
                (s.Metadata?.Annotations?.TryGetValue(ServiceAnnotations.AllocatedFromPool, out var held) == true && held == name)
                || s.Status?.LoadBalancer?.Ingress is not { Count: > 0 })
            .Select(s => EntityKey.From(s))
            .ToList();
    }

    private static IEnumerable<EntityKey> LoadBalancerServices(IServiceProvider provider) =>
        provider.GetRequiredService<IEntityCache<V1Service>>().List()
            .Where(s => string.Equals(s.Spec?.Type, "LoadBalancer", StringComparison.Ordinal))
            .Select(s => EntityKey.From(s))
            .ToList();
}
