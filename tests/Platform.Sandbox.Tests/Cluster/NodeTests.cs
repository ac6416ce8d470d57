using k8s;
using Platform.Sandbox.Cluster;
using Platform.Testing.Polling;

namespace Platform.Sandbox.Tests.Cluster;

public sealed class NodeTests : IClassFixture<ClusterFixture>
{
    private readonly ClusterFixture _fixture;

    public NodeTests(ClusterFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Every_node_registers_Ready_with_addresses_capacity_and_its_own_pod_subnets()
    {
        var nodes = (await _fixture.Client.CoreV1.ListNodeAsync()).Items.Where(n => n.Metadata.Name.StartsWith("node-", StringComparison.Ordinal))
            .OrderBy(n => n.Metadata.Name, StringComparer.Ordinal).ToList();

        Assert.Equal(["node-1", "node-2"], nodes.Select(n => n.Metadata.Name));
        Assert.Equal(["node-1", "node-2"], _fixture.Cluster.NodeNames);
        foreach (var node in nodes)
        {
            Assert.Equal("True", node.Status.Conditions.Single(c => c.Type == "Ready").Status);
            Assert.Equal("KubeletReady", node.Status.Conditions.Single(c => c.Type == "Ready").Reason);
            Assert.Contains(node.Status.Addresses, a => a.Type == "InternalIP");
            Assert.Contains(node.Status.Addresses, a => a.Type == "Hostname" && a.Address == node.Metadata.Name);
            Assert.Equal("110", node.Status.Capacity["pods"].ToString());
            Assert.Equal(node.Metadata.Name, node.Metadata.Labels["kubernetes.io/hostname"]);
        }

        Assert.Equal(["10.244.1.0/24", "fd00:10:244:1::/64"], nodes[0].Spec.PodCIDRs);
        Assert.Equal(["10.244.2.0/24", "fd00:10:244:2::/64"], nodes[1].Spec.PodCIDRs);
    }

    [Fact]
    public async Task Kubelets_renew_their_node_lease_as_the_clock_advances()
    {
        var lease = await _fixture.Client.CoordinationV1.ReadNamespacedLeaseAsync("node-1", "kube-node-lease");
        Assert.Equal("node-1", lease.Spec.HolderIdentity);
        Assert.Equal(40, lease.Spec.LeaseDurationSeconds);
        Assert.Contains(lease.Metadata.OwnerReferences, o => o.Kind == "Node" && o.Name == "node-1");
        var before = lease.Spec.RenewTime!.Value;

        _fixture.Time.Advance(_fixture.Options.LeaseRenewInterval);

        await Eventually.TrueAsync(async () =>
        {
            var renewed = await _fixture.Client.CoordinationV1.ReadNamespacedLeaseAsync("node-1", "kube-node-lease");
            return renewed.Spec.RenewTime > before;
        }, "the lease renewal");
    }

    [Fact]
    public void Pod_subnets_are_carved_per_node()
    {
        var v4 = Platform.Sandbox.Cluster.Kubelet.PodSubnet.ForNode("10.244.0.0/16", 3, 10);
        var v6 = Platform.Sandbox.Cluster.Kubelet.PodSubnet.ForNode("fd00:10:244::/56", 3, 10);

        Assert.Equal("10.244.3.0/24", v4.Cidr);
        Assert.Equal("10.244.3.2", v4.HostAt(0).ToString());
        Assert.Equal("fd00:10:244:3::/64", v6.Cidr);
        Assert.Equal("fd00:10:244:3::2", v6.HostAt(0).ToString());
        Assert.Throws<ArgumentException>(() => Platform.Sandbox.Cluster.Kubelet.PodSubnet.ForNode("10.244.0.0/25", 1, 1));
        Assert.Throws<ArgumentException>(() => Platform.Sandbox.Cluster.Kubelet.PodSubnet.ForNode("10.244.0.0/23", 1, 2));
        Assert.Throws<ArgumentException>(() => new SimulatedClusterOptions { PodCidr = "not-a-cidr" }.Validate());
    }
}
