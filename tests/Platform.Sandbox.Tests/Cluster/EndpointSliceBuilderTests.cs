using k8s.Models;
using Platform.Sandbox.Cluster.Endpoints;

namespace Platform.Sandbox.Tests.Cluster;

public sealed class EndpointSliceBuilderTests
{
    [Fact]
    public void More_than_100_endpoints_are_split_into_several_slices()
    {
        var pods = Enumerable.Range(0, 150).Select(i => RunningPod($"p{i:D3}", $"10.244.1.{i % 250}", ready: true)).ToList();

        var slices = EndpointSliceBuilder.Build(Service(), pods);

        Assert.Equal([100, 50], slices.Select(s => s.Endpoints.Count));
        Assert.Equal("p000", slices[0].Endpoints[0].TargetRef.Name);
    }

    [Fact]
    public void Pods_whose_named_port_differs_get_their_own_slice_and_pods_without_it_get_no_port()
    {
        var a = RunningPod("a", "10.244.1.2", ready: true, port: 8080);
        var b = RunningPod("b", "10.244.1.3", ready: true, port: 9090);
        var c = RunningPod("c", "10.244.1.4", ready: true, port: null);

        var slices = EndpointSliceBuilder.Build(Service(), [a, b, c]);

        Assert.Equal(3, slices.Count);
        Assert.Contains(slices, s => s.Ports.Count == 1 && s.Ports[0].Port == 8080 && s.Endpoints.Single().TargetRef.Name == "a");
        Assert.Contains(slices, s => s.Ports.Count == 1 && s.Ports[0].Port == 9090 && s.Endpoints.Single().TargetRef.Name == "b");
        Assert.Contains(slices, s => s.Ports.Count == 0 && s.Endpoints.Single().TargetRef.Name == "c");
    }

    [Fact]
    public void Unready_terminating_and_finished_pods_are_reported_as_Kubernetes_does()
    {
        var unready = RunningPod("unready", "10.244.1.2", ready: false);
        var terminating = RunningPod("terminating", "10.244.1.3", ready: true);
        terminating.Metadata.DeletionTimestamp = DateTime.UtcNow;
        var finished = RunningPod("finished", "10.244.1.4", ready: false);
        finished.Status.Phase = "Succeeded";

        var endpoints = EndpointSliceBuilder.Build(Service(), [unready, terminating, finished]).Single().Endpoints;

        Assert.Equal(["terminating", "unready"], endpoints.Select(e => e.TargetRef.Name));
        var t = endpoints[0].Conditions;
        Assert.Equal((false, true, true), (t.Ready, t.Serving, t.Terminating));
        var u = endpoints[1].Conditions;
        Assert.Equal((false, false, false), (u.Ready, u.Serving, u.Terminating));

        var service = Service();
        service.Spec.PublishNotReadyAddresses = true;
        Assert.All(EndpointSliceBuilder.Build(service, [unready]).Single().Endpoints, e => Assert.True(e.Conditions.Ready));
    }

    private static V1Service Service() => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "ns", Uid = "svc-uid" },
        Spec = new V1ServiceSpec
        {
            Selector = new Dictionary<string, string> { ["app"] = "web" },
            Ports = [new V1ServicePort { Name = "http", Port = 80, TargetPort = "http" }],
        },
    };

    private static V1Pod RunningPod(string name, string ip, bool ready, int? port = 8080) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "ns", Uid = name + "-uid", Labels = new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new V1PodSpec
        {
            NodeName = "node-1",
            Containers = [new V1Container { Name = "app", Ports = port is { } p ? [new V1ContainerPort { Name = "http", ContainerPort = p }] : null }],
        },
        Status = new V1PodStatus
        {
            Phase = "Running",
            PodIP = ip,
            PodIPs = [new V1PodIP { Ip = ip }],
            Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }],
        },
    };
}
