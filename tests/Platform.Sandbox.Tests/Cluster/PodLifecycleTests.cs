using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Platform.Testing.Polling;

namespace Platform.Sandbox.Tests.Cluster;

public sealed class PodLifecycleTests : IClassFixture<ClusterFixture>
{
    private readonly ClusterFixture _fixture;

    public PodLifecycleTests(ClusterFixture fixture) => _fixture = fixture;

    private IKubernetes Client => _fixture.Client;

    [Fact]
    public async Task A_pod_is_scheduled_then_Running_and_Ready_with_an_IP_from_its_nodes_pod_subnet()
    {
        var ns = await _fixture.NamespaceAsync("run");
        await Client.CoreV1.CreateNamespacedPodAsync(PodBuilder.Pod("web"), ns);

        var pod = await Eventually.GetAsync(async () =>
        {
            var p = await Client.CoreV1.ReadNamespacedPodAsync("web", ns);
            return PodBuilder.IsReady(p) ? p : null;
        }, "pod Running and Ready");

        var node = await Client.CoreV1.ReadNodeAsync(pod.Spec.NodeName);
        var cidrs = node.Spec.PodCIDRs.Select(IPNetwork.Parse).ToList();
        Assert.Equal(2, pod.Status.PodIPs.Count);
        Assert.Equal(pod.Status.PodIP, pod.Status.PodIPs[0].Ip);
        Assert.All(pod.Status.PodIPs, ip => Assert.Contains(cidrs, c => c.Contains(IPAddress.Parse(ip.Ip))));
        Assert.Equal(node.Status.Addresses.First(a => a.Type == "InternalIP").Address, pod.Status.HostIP);
        var container = Assert.Single(pod.Status.ContainerStatuses);
        Assert.True(container.Ready);
        Assert.NotNull(container.State.Running);
        Assert.StartsWith("containerd://", container.ContainerID, StringComparison.Ordinal);
        Assert.Contains(pod.Status.Conditions, c => c.Type == "PodScheduled" && c.Status == "True");
        Assert.Contains(pod.Status.Conditions, c => c.Type == "ContainersReady" && c.Status == "True");
        var events = await Client.CoreV1.ListNamespacedEventAsync(ns);
        Assert.Contains(events.Items, e => e.Reason == "Scheduled" && e.InvolvedObject.Name == "web");
    }

    [Fact]
    public async Task Pods_spread_over_the_least_loaded_nodes_and_get_distinct_IPs()
    {
        var ns = await _fixture.NamespaceAsync("spread");
        for (var i = 0; i < 4; i++)
        {
            await Client.CoreV1.CreateNamespacedPodAsync(PodBuilder.Pod($"p{i}"), ns);
        }

        var pods = await Eventually.GetAsync(async () =>
        {
            var list = await Client.CoreV1.ListNamespacedPodAsync(ns);
            return list.Items.Count == 4 && list.Items.All(PodBuilder.IsReady) ? list.Items : null;
        }, "four ready pods");

        Assert.Equal(4, pods.Select(p => p.Status.PodIP).Distinct().Count());
        Assert.All(pods.GroupBy(p => p.Spec.NodeName), g => Assert.Equal(2, g.Count()));
    }

    [Fact]
    public async Task NodeName_and_nodeSelector_are_honoured()
    {
        var ns = await _fixture.NamespaceAsync("place");
        var pinned = PodBuilder.Pod("pinned");
        pinned.Spec.NodeName = "node-2";
        var selected = PodBuilder.Pod("selected");
        selected.Spec.NodeSelector = new Dictionary<string, string> { ["kubernetes.io/hostname"] = "node-1" };
        await Client.CoreV1.CreateNamespacedPodAsync(pinned, ns);
        await Client.CoreV1.CreateNamespacedPodAsync(selected, ns);

        var p1 = await Eventually.GetAsync(async () => await Client.CoreV1.ReadNamespacedPodAsync("pinned", ns) is var p && PodBuilder.IsReady(p) ? p : null, "pinned pod");
        var p2 = await Eventually.GetAsync(async () => await Client.CoreV1.ReadNamespacedPodAsync("selected", ns) is var p && PodBuilder.IsReady(p) ? p : null, "selected pod");

        Assert.Equal("node-2", p1.Spec.NodeName);
        Assert.Equal("node-1", p2.Spec.NodeName);
        Assert.StartsWith("10.244.2.", p1.Status.PodIP, StringComparison.Ordinal);
        Assert.StartsWith("10.244.1.", p2.Status.PodIP, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pod_no_node_fits_is_reported_Unschedulable()
    {
        var ns = await _fixture.NamespaceAsync("nofit");
        var pod = PodBuilder.Pod("nowhere");
        pod.Spec.NodeSelector = new Dictionary<string, string> { ["disktype"] = "ssd" };
        await Client.CoreV1.CreateNamespacedPodAsync(pod, ns);

        var condition = await Eventually.GetAsync(async () =>
            (await Client.CoreV1.ReadNamespacedPodAsync("nowhere", ns)).Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled" && c.Status == "False"),
            "PodScheduled=False");

        Assert.Equal("Unschedulable", condition.Reason);
        Assert.Equal("0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector.", condition.Message);
        Assert.Null((await Client.CoreV1.ReadNamespacedPodAsync("nowhere", ns)).Spec.NodeName);
    }

    [Fact]
    public async Task Deleting_a_pod_removes_it()
    {
        var ns = await _fixture.NamespaceAsync("del");
        await Client.CoreV1.CreateNamespacedPodAsync(PodBuilder.Pod("doomed"), ns);
        await Eventually.TrueAsync(async () => PodBuilder.IsReady(await Client.CoreV1.ReadNamespacedPodAsync("doomed", ns)), "pod ready");

        await Client.CoreV1.DeleteNamespacedPodAsync("doomed", ns);

        await Eventually.TrueAsync(async () => (await Client.CoreV1.ListNamespacedPodAsync(ns)).Items.Count == 0, "pod removal");
    }

    [Fact]
    public async Task A_deleted_pod_with_a_finalizer_is_stopped_and_goes_once_the_finalizer_is_removed()
    {
        var ns = await _fixture.NamespaceAsync("fin");
        var pod = PodBuilder.Pod("held");
        pod.Metadata.Finalizers = ["example.com/hold"];
        await Client.CoreV1.CreateNamespacedPodAsync(pod, ns);
        await Eventually.TrueAsync(async () => PodBuilder.IsReady(await Client.CoreV1.ReadNamespacedPodAsync("held", ns)), "pod ready");

        await Client.CoreV1.DeleteNamespacedPodAsync("held", ns);

        var stopped = await Eventually.GetAsync(async () => await Client.CoreV1.ReadNamespacedPodAsync("held", ns) is { Status.Phase: "Succeeded" } p ? p : null, "terminal phase");
        Assert.NotNull(stopped.Metadata.DeletionTimestamp);
        Assert.All(stopped.Status.ContainerStatuses, c => Assert.NotNull(c.State.Terminated));
        Assert.Contains(stopped.Status.Conditions, c => c.Type == "Ready" && c.Status == "False");

        await Client.CoreV1.PatchNamespacedPodAsync(new V1Patch("{\"metadata\":{\"finalizers\":null}}", V1Patch.PatchType.MergePatch), "held", ns);

        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await Client.CoreV1.ReadNamespacedPodAsync("held", ns);
                return false;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return true;
            }
        }, "pod removal after the finalizer");
    }
}
