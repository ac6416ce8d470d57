using Platform.LoadBalancer.Services;
using static Platform.LoadBalancer.Tests.ServiceFactory;

namespace Platform.LoadBalancer.Tests.Services;

public class LoadBalancerRequestTests
{
    [Fact]
    public void Reads_new_prefix_over_legacy_and_trims_addresses()
    {
        var request = LoadBalancerRequest.Parse(LbService("a", annotations: new()
        {
            ["metallb.io/loadBalancerIPs"] = " 192.0.2.1 , 2001:db8::1",
            ["metallb.universe.tf/loadBalancerIPs"] = "192.0.2.99",
            ["metallb.universe.tf/allow-shared-ip"] = "key",
        }));
        Assert.Null(request.Error);
        Assert.Equal(["192.0.2.1", "2001:db8::1"], request.Addresses.Select(a => a.ToString()));
        Assert.Equal("key", request.SharingKey);
        Assert.Equal(["metallb.universe.tf/allow-shared-ip"], request.LegacyKeys);
    }

    [Fact]
    public void Empty_sharing_key_means_not_shareable_and_empty_pool_is_an_error()
    {
        Assert.Equal(string.Empty, LoadBalancerRequest.Parse(LbService("a", annotations: new() { ["metallb.io/allow-shared-ip"] = "" })).SharingKey);
        Assert.NotNull(LoadBalancerRequest.Parse(LbService("a", annotations: new() { ["metallb.io/address-pool"] = "" })).Error);
    }

    [Fact]
    public void Backend_key_is_empty_for_cluster_and_the_sorted_selector_for_local()
    {
        Assert.Equal(string.Empty, ServiceProfiles.BackendKey(LbService("a")));
        Assert.Equal("app=x,tier=web", ServiceProfiles.BackendKey(LbService("a", externalTrafficPolicy: "Local", selector: new() { ["tier"] = "web", ["app"] = "x" })));
    }
}
