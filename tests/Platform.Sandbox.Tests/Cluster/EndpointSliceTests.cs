using k8s;
using k8s.Models;
using Platform.Testing.Polling;

namespace Platform.Sandbox.Tests.Cluster;

public sealed class EndpointSliceTests : IClassFixture<ClusterFixture>
{
    private readonly ClusterFixture _fixture;

    public EndpointSliceTests(ClusterFixture fixture) => _fixture = fixture;

    private IKubernetes Client => _fixture.Client;

    [Fact]
    public async Task The_slice_follows_the_pods_of_a_service_with_named_target_ports_resolved()
    {
        var ns = await _fixture.NamespaceAsync("eps");
        await Client.CoreV1.CreateNamespacedServiceAsync(Service("web", new Dictionary<string, string> { ["app"] = "web" }), ns);
        var labels = new Dictionary<string, string> { ["app"] = "web" };
        await Client.CoreV1.CreateNamespacedPodAsync(PodBuilder.Pod("web-a", labels, 8080, "http"), ns);
        await Client.CoreV1.CreateNamespacedPodAsync(PodBuilder.Pod("web-b", labels, 8080, "http"), ns);
        await Client.CoreV1.CreateNamespacedPodAsync(PodBuilder.Pod("other", new Dictionary<string, string> { ["app"] = "other" }, 8080, "http"), ns);

        var slice = await Eventually.GetAsync(async () =>
            (await SlicesAsync(ns, "web")).SingleOrDefault(s => s.Endpoints?.Count == 2 && s.Endpoints.All(e => e.Conditions.Ready == true)),
            "a slice with two ready endpoints");

        Assert.Equal("IPv4", slice.AddressType);
        Assert.Equal("endpointslice-controller.k8s.io", slice.Metadata.Labels["endpointslice.kubernetes.io/managed-by"]);
        Assert.Contains(slice.Metadata.OwnerReferences, o => o.Kind == "Service" && o.Name == "web" && o.Controller == true);
        var port = Assert.Single(slice.Ports);
        Assert.Equal(("http", 8080, "TCP"), (port.Name, port.Port, port.Protocol));
        var pods = (await Client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: "app=web")).Items;
        Assert.Equal(pods.Select(p => p.Status.PodIP).Order(), slice.Endpoints.Select(e => e.Addresses.Single()).Order());
        Assert.All(slice.Endpoints, e =>
        {
            var pod = pods.Single(p => p.Metadata.Name == e.TargetRef.Name);
            Assert.Equal(pod.Spec.NodeName, e.NodeName);
            Assert.Equal(pod.Metadata.Uid, e.TargetRef.Uid);
        });

        await Client.CoreV1.DeleteNamespacedPodAsync("web-a", ns);

        var after = await Eventually.GetAsync(async () =>
            (await SlicesAsync(ns, "web")).SingleOrDefault(s => s.Endpoints?.Count == 1), "a slice with one endpoint");
        Assert.Equal("web-b", after.Endpoints.Single().TargetRef.Name);
    }

    [Fact]
    public async Task A_dual_stack_service_gets_one_slice_per_family_and_an_unmatched_one_an_empty_slice()
    {
        var ns = await _fixture.NamespaceAsync("dual");
        var dual = Service("dual", new Dictionary<string, string> { ["app"] = "dual" });
        dual.Spec.IpFamilyPolicy = "RequireDualStack";
        await Client.CoreV1.CreateNamespacedServiceAsync(dual, ns);
        await Client.CoreV1.CreateNamespacedServiceAsync(Service("empty", new Dictionary<string, string> { ["app"] = "none" }), ns);
        await Client.CoreV1.CreateNamespacedPodAsync(PodBuilder.Pod("d1", new Dictionary<string, string> { ["app"] = "dual" }, 8080, "http"), ns);

        var slices = await Eventually.GetAsync(async () =>
        {
            var list = await SlicesAsync(ns, "dual");
            return list.Count == 2 && list.All(s => s.Endpoints?.Count == 1 && s.Endpoints[0].Conditions.Ready == true) ? list : null;
        }, "two ready single-endpoint slices");

        Assert.Equal(["IPv4", "IPv6"], slices.Select(s => s.AddressType).Order());
        Assert.Contains(":", slices.Single(s => s.AddressType == "IPv6").Endpoints[0].Addresses[0], StringComparison.Ordinal);
        var empty = await Eventually.GetAsync(async () => (await SlicesAsync(ns, "empty")).SingleOrDefault(), "placeholder slice");
        Assert.Empty(empty.Endpoints ?? []);
    }

    [Fact]
    public async Task A_service_without_selector_gets_no_managed_slices()
    {
        var ns = await _fixture.NamespaceAsync("nosel");
        var manual = Service("manual", null);
        await Client.CoreV1.CreateNamespacedServiceAsync(manual, ns);
        await Client.CoreV1.CreateNamespacedServiceAsync(Service("marker", new Dictionary<string, string> { ["app"] = "x" }), ns);

        // Once the later service has its slice, the earlier one has certainly been synced too.
        await Eventually.TrueAsync(async () => (await SlicesAsync(ns, "marker")).Count == 1, "marker slice");
        Assert.Empty(await SlicesAsync(ns, "manual"));
    }

    private async Task<IList<V1EndpointSlice>> SlicesAsync(string ns, string service) =>
        (await Client.DiscoveryV1.ListNamespacedEndpointSliceAsync(ns, labelSelector: $"kubernetes.io/service-name={service}")).Items;

    private static V1Service Service(string name, Dictionary<string, string>? selector) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1ServiceSpec
        {
            Selector = selector,
            Ports = [new V1ServicePort { Name = "http", Port = 80, TargetPort = "http", Protocol = "TCP" }],
        },
    };
}
