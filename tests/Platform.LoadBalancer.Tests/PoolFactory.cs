using k8s.Models;
using Platform.Crds.MetalLB;
using Platform.LoadBalancer.Allocation;

namespace Platform.LoadBalancer.Tests;

/// <summary>Builds IPAddressPools as users write them, and their compiled definitions.</summary>
internal static class PoolFactory
{
    public static IPAddressPool Pool(
        string name,
        IEnumerable<string> addresses,
        bool? autoAssign = null,
        bool avoidBuggyIPs = false,
        ServiceAllocation? allocation = null,
        string ns = "metallb-system") => new()
        {
            ApiVersion = "metallb.io/v1beta1",
            Kind = "IPAddressPool",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
            Spec = new IPAddressPoolSpec
            {
                Addresses = [.. addresses],
                AutoAssign = autoAssign,
                AvoidBuggyIPs = avoidBuggyIPs,
                ServiceAllocation = allocation,
            },
        };

    public static AddressPoolDefinition Define(
        string name,
        IEnumerable<string> addresses,
        bool? autoAssign = null,
        bool avoidBuggyIPs = false,
        ServiceAllocation? allocation = null)
    {
        Assert.True(
            AddressPoolDefinition.TryCompile(Pool(name, addresses, autoAssign, avoidBuggyIPs, allocation), out var definition, out var errors),
            string.Join("; ", errors));
        return definition!;
    }

    public static AddressAllocator Allocator(params AddressPoolDefinition[] pools)
    {
        var allocator = new AddressAllocator();
        allocator.SetPools(pools);
        return allocator;
    }
}
