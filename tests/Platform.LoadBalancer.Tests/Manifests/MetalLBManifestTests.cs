using k8s;
using Platform.Crds.MetalLB;
using Platform.LoadBalancer.Allocation;
using Platform.LoadBalancer.Configuration;
using Platform.LoadBalancer.Pools;
using Platform.LoadBalancer.Validation;

namespace Platform.LoadBalancer.Tests.Manifests;

/// <summary>MetalLB's documented manifests, as users apply them, read into our entities unchanged.</summary>
public class MetalLBManifestTests
{
    private const string Pools = """
        apiVersion: metallb.io/v1beta1
        kind: IPAddressPool
        metadata:
          name: first-pool
          namespace: metallb-system
        spec:
          addresses:
          - 192.168.10.0/24
          - 192.168.9.1-192.168.9.5
          - fc00:f853:0ccd:e799::/124
        ---
        apiVersion: metallb.io/v1beta1
        kind: IPAddressPool
        metadata:
          name: expensive
          namespace: metallb-system
        spec:
          addresses:
          - 42.176.25.64/30
          autoAssign: false
          avoidBuggyIPs: true
          serviceAllocation:
            priority: 50
            namespaces:
              - namespace-a
            namespaceSelectors:
              - matchLabels:
                  foo: bar
            serviceSelectors:
              - matchExpressions:
                  - {key: app, operator: In, values: [bar]}
        """;

    private const string Advertisement = """
        apiVersion: metallb.io/v1beta1
        kind: L2Advertisement
        metadata:
          name: example
          namespace: metallb-system
        spec:
          ipAddressPools:
          - first-pool
          nodeSelectors:
          - matchLabels:
              kubernetes.io/hostname: NodeA
          interfaces:
          - eth3
        """;

    private static List<IPAddressPool> ReadPools() =>
        [.. Pools.Split("\n---\n").Select(doc => KubernetesYaml.Deserialize<IPAddressPool>(doc))];

    [Fact]
    public void Pool_manifests_read_with_metallb_field_names()
    {
        var pools = ReadPools();
        Assert.Equal(["192.168.10.0/24", "192.168.9.1-192.168.9.5", "fc00:f853:0ccd:e799::/124"], pools[0].Spec.Addresses);
        Assert.Null(pools[0].Spec.AutoAssign);
        var expensive = pools[1].Spec;
        Assert.False(expensive.AutoAssign);
        Assert.True(expensive.AvoidBuggyIPs);
        Assert.Equal(50, expensive.ServiceAllocation!.Priority);
        Assert.Equal(["namespace-a"], expensive.ServiceAllocation.Namespaces);
        Assert.Equal("bar", expensive.ServiceAllocation.NamespaceSelectors![0].MatchLabels["foo"]);
        Assert.Equal("In", expensive.ServiceAllocation.ServiceSelectors![0].MatchExpressions[0].OperatorProperty);
    }

    [Fact]
    public void Pool_manifests_validate_compile_and_serve_the_first_address()
    {
        var pools = ReadPools();
        var options = new LoadBalancerOptions();
        foreach (var pool in pools)
        {
            Assert.True(new IPAddressPoolValidator(options, pools).Validate(pool).IsValid);
        }

        var catalog = PoolCatalog.Build(pools, options);
        Assert.Empty(catalog.Problems);
        var allocator = new AddressAllocator();
        allocator.SetPools(catalog.Definitions);
        Assert.Equal(new PoolCounters(0, 0, 256 + 5, 16), allocator.Counters("first-pool"));
        Assert.Equal(new PoolCounters(0, 0, 4, 0), allocator.Counters("expensive"));
        var outcome = allocator.Allocate(ServiceProfile.Simple("default", "web"), FamilyRequirement.IPv4);
        Assert.Equal("192.168.10.0", Assert.Single(outcome.Addresses).ToString());
    }

    [Fact]
    public void Advertisement_manifest_reads_and_validates()
    {
        var advertisement = KubernetesYaml.Deserialize<L2Advertisement>(Advertisement);
        Assert.Equal(["first-pool"], advertisement.Spec.IpAddressPools);
        Assert.Equal("NodeA", advertisement.Spec.NodeSelectors![0].MatchLabels["kubernetes.io/hostname"]);
        Assert.Equal(["eth3"], advertisement.Spec.Interfaces);
        Assert.True(new L2AdvertisementValidator(new LoadBalancerOptions(), ReadPools()).Validate(advertisement).IsValid);
    }

    [Fact]
    public void Pool_status_serialises_metallb_counters_and_our_assignments()
    {
        var pool = ReadPools()[0];
        pool.Status = new IPAddressPoolStatus
        {
            AssignedIPv4 = 1,
            AvailableIPv4 = 260,
            Assignments = [new AddressAssignment { Ip = "192.168.10.0", Services = ["default/web"] }],
        };
        var json = KubernetesJson.Serialize(pool);
        Assert.Contains("\"assignedIPv4\":1", json, StringComparison.Ordinal);
        Assert.Contains("\"availableIPv6\":0", json, StringComparison.Ordinal);
        Assert.Contains("\"assignments\":[{\"ip\":\"192.168.10.0\",\"services\":[\"default/web\"]}]", json, StringComparison.Ordinal);
        Assert.Equal("metallb.io/v1beta1", KubernetesJson.Deserialize<IPAddressPool>(json).ApiVersion);
    }
}
