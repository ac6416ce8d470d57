using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Platform.LoadBalancer.Allocation;
using Platform.LoadBalancer.Configuration;
using Platform.LoadBalancer.Services;

namespace Platform.LoadBalancer;

/// <summary>Registers the LoadBalancer domain (settings, allocator, Service planner) for the host.</summary>
public static class LoadBalancerServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="LoadBalancerOptions"/> from the <c>LoadBalancer</c> section (validated on start) and
    /// registers one <see cref="AddressAllocator"/> and one <see cref="ServiceAddressPlanner"/>.
    /// </summary>
    public static IServiceCollection AddLoadBalancerAllocation(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<LoadBalancerOptions>()
            .Bind(configuration.GetSection(LoadBalancerOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LoadBalancerOptions>, LoadBalancerOptionsValidation>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AddressAllocator>();
        services.AddSingleton(sp => new ServiceAddressPlanner(
            sp.GetRequiredService<AddressAllocator>(),
            sp.GetRequiredService<IOptions<LoadBalancerOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
