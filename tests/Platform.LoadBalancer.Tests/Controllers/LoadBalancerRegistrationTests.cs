using k8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Platform.LoadBalancer.Configuration;
using Platform.Operator.Runtime.Hosting;

namespace Platform.LoadBalancer.Tests.Controllers;

/// <summary>How `platform controller` registers the feature: settings come from the host's configuration.</summary>
public sealed class LoadBalancerRegistrationTests
{
    [Fact]
    public void AddLoadBalancer_WithoutConfiguration_BindsTheSectionFromTheHostConfiguration()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LoadBalancer:SuiteNamespace"] = "lb-system",
            ["LoadBalancer:LoadBalancerClass"] = "example.com/lb",
            ["LoadBalancer:PoolNamespaces:0"] = "pools",
        });
        builder.Services.AddSingleton<IKubernetes>(new Kubernetes(new KubernetesClientConfiguration { Host = "https://127.0.0.1:1" }));
        builder.Services.AddKubernetesOperator(s => s.WithoutLeaderElection()).AddLoadBalancer(metricsRegistry: Prometheus.Metrics.NewCustomRegistry());
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptions<LoadBalancerOptions>>().Value;
        Assert.Equal("lb-system", options.SuiteNamespace);
        Assert.Equal("example.com/lb", options.LoadBalancerClass);
        Assert.Equal(["pools"], options.EffectivePoolNamespaces);
    }

    [Fact]
    public void AddLoadBalancer_InvalidSettings_FailAtStart()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["LoadBalancer:PendingRetryInterval"] = "-00:00:01" });
        builder.Services.AddSingleton<IKubernetes>(new Kubernetes(new KubernetesClientConfiguration { Host = "https://127.0.0.1:1" }));
        builder.Services.AddKubernetesOperator(s => s.WithoutLeaderElection()).AddLoadBalancer(metricsRegistry: Prometheus.Metrics.NewCustomRegistry());
        using var host = builder.Build();

        Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<LoadBalancerOptions>>().Value);
    }
}
