using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.LoadBalancer.Allocation;
using Platform.LoadBalancer.Configuration;
using Platform.LoadBalancer.Services;

namespace Platform.LoadBalancer.Tests.Configuration;

public class LoadBalancerOptionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddLoadBalancerAllocation(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();

    [Fact]
    public void Defaults_read_pools_from_the_suite_namespace_and_metallb_system()
    {
        using var provider = Build([]);
        var options = provider.GetRequiredService<IOptions<LoadBalancerOptions>>().Value;
        Assert.Equal(["platform-system", "metallb-system"], options.EffectivePoolNamespaces);
        Assert.Null(options.LoadBalancerClass);
        Assert.Same(provider.GetRequiredService<ServiceAddressPlanner>().Allocator, provider.GetRequiredService<AddressAllocator>());
    }

    [Fact]
    public void Binds_settings_from_configuration()
    {
        using var provider = Build(new()
        {
            ["LoadBalancer:PoolNamespaces:0"] = "lb",
            ["LoadBalancer:LoadBalancerClass"] = "platform.io/lb",
            ["LoadBalancer:PendingRetryInterval"] = "00:00:05",
        });
        var options = provider.GetRequiredService<IOptions<LoadBalancerOptions>>().Value;
        Assert.Equal(["lb"], options.EffectivePoolNamespaces);
        Assert.Equal("platform.io/lb", options.LoadBalancerClass);
        Assert.Equal(TimeSpan.FromSeconds(5), options.PendingRetryInterval);
    }

    [Fact]
    public void Invalid_settings_fail_with_every_problem()
    {
        using var provider = Build(new()
        {
            ["LoadBalancer:PendingRetryInterval"] = "00:00:00",
            ["LoadBalancer:PoolNamespaces:0"] = "a",
            ["LoadBalancer:PoolNamespaces:1"] = "a",
        });
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<LoadBalancerOptions>>().Value);
        Assert.Equal(2, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.Contains("PendingRetryInterval", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("unique", StringComparison.Ordinal));
    }
}
