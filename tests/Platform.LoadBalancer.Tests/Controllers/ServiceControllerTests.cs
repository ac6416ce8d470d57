using k8s;
using k8s.Models;

namespace Platform.LoadBalancer.Tests.Controllers;

/// <summary>The LoadBalancer controllers in the embedded control plane, driven with manifests as MetalLB users write them.</summary>
public sealed class ServiceControllerTests
{
    private const string FirstPool = """
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
        """;

    [Fact]
    public async Task MetalLbDocumentedPool_GivesServicesAddresses_AnnotationConditionEventPoolStatusAndMetrics()
    {
        await using var plane = await ControlPlane.StartAsync();
        await using var replica = await ControllerReplica.StartAsync(plane, "replica-a");
        await plane.ApplyAsync(FirstPool);
        await plane.ApplyAsync("""
            apiVersion: v1
            kind: Service
            metadata:
              name: nginx
              namespace: apps
            spec:
              type: LoadBalancer
              selector:
                app: nginx
              ports:
              - port: 80
                targetPort: 80
            """);
        await plane.CreateServiceAsync("web");

        var nginx = await Eventually.MatchAsync(() => plane.ReadServiceAsync("nginx"), s => ControlPlane.Ingress(s).Count == 1, "nginx has an address");
        var web = await Eventually.MatchAsync(() => plane.ReadServiceAsync("web"), s => ControlPlane.Ingress(s).Count == 1, "web has an address");

        // Lowest free address of the pool, in the order the pool lists its entries (as MetalLB does).
        Assert.Equal(["192.168.10.0"], ControlPlane.Ingress(nginx));
        Assert.Equal(["192.168.10.1"], ControlPlane.Ingress(web));
        Assert.Equal("first-pool", nginx.Metadata.Annotations["metallb.io/ip-allocated-from-pool"]);
        var condition = ControlPlane.AddressCondition(nginx);
        Assert.NotNull(condition);
        Assert.Equal("True", condition.Status);
        Assert.Equal("Assigned", condition.Reason);
        await Eventually.MatchAsync(() => plane.EventsForAsync("nginx"), e => e.Any(x => x.Reason == "IPAllocated"), "an IPAllocated event is recorded");

        var pool = await Eventually.MatchAsync(
            () => plane.ReadPoolAsync("first-pool"),
            p => p.TryGetProperty("status", out var s) && s.GetProperty("assignedIPv4").GetInt64() == 2,
            "the pool status counts two IPv4 addresses in use");
        var status = pool.GetProperty("status");
        Assert.Equal(256 + 5 - 2, status.GetProperty("availableIPv4").GetInt64());
        Assert.Equal(16, status.GetProperty("availableIPv6").GetInt64());
        var holders = status.GetProperty("assignments").EnumerateArray()
            .ToDictionary(a => a.GetProperty("ip").GetString()!, a => a.GetProperty("services").EnumerateArray().Select(x => x.GetString()).Single());
        Assert.Equal("apps/nginx", holders["192.168.10.0"]);
        Assert.Equal("apps/web", holders["192.168.10.1"]);

        var text = await replica.ScrapeAsync();
        Assert.Contains("metallb_allocator_addresses_in_use_total{pool=\"first-pool\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("metallb_allocator_addresses_total{pool=\"first-pool\"} 277", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestedAddress_AndNamedManualPool_AreHonoured()
    {
        await using var plane = await ControlPlane.StartAsync();
        await using var replica = await ControllerReplica.StartAsync(plane, "replica-a");
        await plane.ApplyAsync(FirstPool);
        await plane.ApplyAsync("""
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata:
              name: expensive
              namespace: metallb-system
            spec:
              addresses:
              - 42.176.25.64/30
              autoAssign: false
            """);
        await plane.CreateServiceAsync("requested", new Dictionary<string, string> { ["metallb.io/loadBalancerIPs"] = "192.168.10.42" });
        await plane.CreateServiceAsync("pinned", new Dictionary<string, string> { ["metallb.io/address-pool"] = "expensive" });
        await plane.CreateServiceAsync("automatic");

        var requested = await Eventually.MatchAsync(() => plane.ReadServiceAsync("requested"), s => ControlPlane.Ingress(s).Count == 1, "the requested IP is assigned");
        var pinned = await Eventually.MatchAsync(() => plane.ReadServiceAsync("pinned"), s => ControlPlane.Ingress(s).Count == 1, "the pinned Service has an address");
        var automatic = await Eventually.MatchAsync(() => plane.ReadServiceAsync("automatic"), s => ControlPlane.Ingress(s).Count == 1, "the automatic Service has an address");
        Assert.Equal(["192.168.10.42"], ControlPlane.Ingress(requested));
        Assert.Equal(["42.176.25.64"], ControlPlane.Ingress(pinned));
        Assert.Equal("expensive", pinned.Metadata.Annotations["metallb.io/ip-allocated-from-pool"]);

        // autoAssign: false keeps the expensive pool out of automatic allocation.
        Assert.StartsWith("192.168.10.", ControlPlane.Ingress(automatic)[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SharedIp_DocumentedDnsExample_TcpAndUdpShareOneAddress()
    {
        await using var plane = await ControlPlane.StartAsync();
        await using var replica = await ControllerReplica.StartAsync(plane, "replica-a");
        await plane.ApplyAsync("""
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata:
              name: dns-pool
              namespace: metallb-system
            spec:
              addresses:
              - 1.2.3.0/29
            """);
        await plane.ApplyAsync("""
            apiVersion: v1
            kind: Service
            metadata:
              name: dns-service-tcp
              namespace: apps
              annotations:
                metallb.io/loadBalancerIPs: 1.2.3.4
                metallb.io/allow-shared-ip: "key-to-share-1.2.3.4"
            spec:
              type: LoadBalancer
              externalTrafficPolicy: Local
              ports:
                - name: dnstcp
                  protocol: TCP
                  port: 53
                  targetPort: 53
              selector:
                app: dns
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: dns-service-udp
              namespace: apps
              annotations:
                metallb.io/loadBalancerIPs: 1.2.3.4
                metallb.io/allow-shared-ip: "key-to-share-1.2.3.4"
            spec:
              type: LoadBalancer
              externalTrafficPolicy: Local
              ports:
                - name: dnsudp
                  protocol: UDP
                  port: 53
                  targetPort: 53
              selector:
                app: dns
            """);

        // Without the key, the same address is refused with a condition that says why.
        await plane.CreateServiceAsync("intruder", new Dictionary<string, string> { ["metallb.io/loadBalancerIPs"] = "1.2.3.4" }, port: 8053);

        var tcp = await Eventually.MatchAsync(() => plane.ReadServiceAsync("dns-service-tcp"), s => ControlPlane.Ingress(s).Count == 1, "the TCP Service has its address");
        var udp = await Eventually.MatchAsync(() => plane.ReadServiceAsync("dns-service-udp"), s => ControlPlane.Ingress(s).Count == 1, "the UDP Service has its address");
        Assert.Equal(["1.2.3.4"], ControlPlane.Ingress(tcp));
        Assert.Equal(["1.2.3.4"], ControlPlane.Ingress(udp));
        var intruder = await Eventually.MatchAsync(
            () => plane.ReadServiceAsync("intruder"),
            s => ControlPlane.AddressCondition(s)?.Status == "False",
            "the intruder is pending");
        Assert.Empty(ControlPlane.Ingress(intruder));
        Assert.Equal("RequestedAddressTaken", ControlPlane.AddressCondition(intruder)!.Reason);
        await Eventually.MatchAsync(() => plane.EventsForAsync("intruder"), e => e.Any(x => x.Reason == "AllocationFailed"), "an AllocationFailed event is recorded");
    }

    [Fact]
    public async Task PoolExhausted_ServiceWaitsWithCondition_ThenGetsAddressWhenThePoolGrows()
    {
        await using var plane = await ControlPlane.StartAsync();

        // A long timer retry: the pending Service must be retried because capacity appeared, not by the timer.
        await using var replica = await ControllerReplica.StartAsync(plane, "replica-a", pendingRetry: "00:10:00");
        await plane.ApplyAsync("""
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata:
              name: small
              namespace: metallb-system
            spec:
              addresses:
              - 192.168.20.1-192.168.20.2
            """);
        await plane.CreateServiceAsync("one");
        await Eventually.MatchAsync(() => plane.ReadServiceAsync("one"), s => ControlPlane.Ingress(s).Count == 1, "one has an address");
        await plane.CreateServiceAsync("two");
        await Eventually.MatchAsync(() => plane.ReadServiceAsync("two"), s => ControlPlane.Ingress(s).Count == 1, "two has an address");
        await plane.CreateServiceAsync("three");

        var three = await Eventually.MatchAsync(
            () => plane.ReadServiceAsync("three"),
            s => ControlPlane.AddressCondition(s)?.Reason == "PoolExhausted",
            "three is pending because the pool is exhausted");
        Assert.Empty(ControlPlane.Ingress(three));
        Assert.Equal("False", ControlPlane.AddressCondition(three)!.Status);
        await Eventually.MatchAsync(() => plane.EventsForAsync("three"), e => e.Any(x => x.Reason == "AllocationFailed"), "an AllocationFailed event is recorded");

        await plane.ApplyAsync("""
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata:
              name: small
              namespace: metallb-system
            spec:
              addresses:
              - 192.168.20.1-192.168.20.3
            """);
        three = await Eventually.MatchAsync(() => plane.ReadServiceAsync("three"), s => ControlPlane.Ingress(s).Count == 1, "three gets the new address");
        Assert.Equal(["192.168.20.3"], ControlPlane.Ingress(three));
        Assert.Equal("True", ControlPlane.AddressCondition(three)!.Status);

        // A release is capacity too: deleting one lets a new pending Service in.
        await plane.CreateServiceAsync("four");
        await Eventually.MatchAsync(() => plane.ReadServiceAsync("four"), s => ControlPlane.AddressCondition(s)?.Reason == "PoolExhausted", "four is pending");
        await plane.Client.CoreV1.DeleteNamespacedServiceAsync("one", "apps");
        var four = await Eventually.MatchAsync(() => plane.ReadServiceAsync("four"), s => ControlPlane.Ingress(s).Count == 1, "four gets the released address");
        Assert.Equal(["192.168.20.1"], ControlPlane.Ingress(four));
    }

    [Fact]
    public async Task PoolDeleted_ServicesGetClearAssignment_AndMoveToAnotherPoolOrWait()
    {
        await using var plane = await ControlPlane.StartAsync();
        await using var replica = await ControllerReplica.StartAsync(plane, "replica-a");
        await plane.ApplyAsync("""
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata:
              name: old
              namespace: metallb-system
            spec:
              addresses:
              - 192.168.30.0/30
            """);
        await plane.CreateServiceAsync("mover");
        await Eventually.MatchAsync(() => plane.ReadServiceAsync("mover"), s => ControlPlane.Ingress(s).SequenceEqual(["192.168.30.0"]), "mover has an address from the old pool");

        await plane.DeletePoolAsync("old");
        var waiting = await Eventually.MatchAsync(
            () => plane.ReadServiceAsync("mover"),
            s => ControlPlane.Ingress(s).Count == 0 && ControlPlane.AddressCondition(s)?.Status == "False"
                && !(s.Metadata.Annotations?.ContainsKey("metallb.io/ip-allocated-from-pool") ?? false),
            "mover loses the address and the pool annotation, and waits");
        Assert.Equal("NoPools", ControlPlane.AddressCondition(waiting)!.Reason);
        await Eventually.MatchAsync(() => plane.EventsForAsync("mover"), e => e.Any(x => x.Reason == "ClearAssignment"), "a ClearAssignment event is recorded");

        await plane.ApplyAsync("""
            apiVersion: metallb.io/v1beta1
            kind: IPAddressPool
            metadata:
              name: new
              namespace: metallb-system
            spec:
              addresses:
              - 192.168.31.0/30
            """);
        var moved = await Eventually.MatchAsync(() => plane.ReadServiceAsync("mover"), s => ControlPlane.Ingress(s).Count == 1, "mover gets an address from the new pool");
        Assert.Equal(["192.168.31.0"], ControlPlane.Ingress(moved));
        Assert.Equal("new", moved.Metadata.Annotations["metallb.io/ip-allocated-from-pool"]);
    }

    [Fact]
    public async Task BadAnnotation_WarnsWithCondition_OtherServicesUnaffected()
    {
        await using var plane = await ControlPlane.StartAsync();
        await using var replica = await ControllerReplica.StartAsync(plane, "replica-a");
        await plane.ApplyAsync(FirstPool);
        await plane.CreateServiceAsync("broken", new Dictionary<string, string> { ["metallb.io/loadBalancerIPs"] = "not-an-ip" });
        await plane.CreateServiceAsync("fine");

        var broken = await Eventually.MatchAsync(() => plane.ReadServiceAsync("broken"), s => ControlPlane.AddressCondition(s)?.Status == "False", "broken is pending");
        Assert.Equal("InvalidAnnotation", ControlPlane.AddressCondition(broken)!.Reason);
        Assert.Empty(ControlPlane.Ingress(broken));
        await Eventually.MatchAsync(() => plane.EventsForAsync("broken"), e => e.Any(x => x.Reason == "LoadBalancerFailed"), "a LoadBalancerFailed warning is recorded");
        await Eventually.MatchAsync(() => plane.ReadServiceAsync("fine"), s => ControlPlane.Ingress(s).SequenceEqual(["192.168.10.0"]), "fine gets the first address");
    }

    [Fact]
    public async Task TypeChangedAwayFromLoadBalancer_ReleasesTheAddress()
    {
        await using var plane = await ControlPlane.StartAsync();
        await using var replica = await ControllerReplica.StartAsync(plane, "replica-a");
        await plane.ApplyAsync(FirstPool);
        await plane.CreateServiceAsync("changing");
        await Eventually.MatchAsync(() => plane.ReadServiceAsync("changing"), s => ControlPlane.Ingress(s).Count == 1, "changing has an address");

        // As a user would: the nodePort must go too, or the API server refuses the change.
        var patch = new V1Patch("""{"spec":{"type":"ClusterIP","ports":[{"port":80,"targetPort":80,"protocol":"TCP"}]}}""", V1Patch.PatchType.MergePatch);
        await plane.Client.CoreV1.PatchNamespacedServiceAsync(patch, "changing", "apps");
        var cleared = await Eventually.MatchAsync(
            () => plane.ReadServiceAsync("changing"),
            s => ControlPlane.Ingress(s).Count == 0 && !(s.Metadata.Annotations?.ContainsKey("metallb.io/ip-allocated-from-pool") ?? false),
            "the ingress and the pool annotation are cleared");
        Assert.Null(ControlPlane.AddressCondition(cleared));

        // The freed address goes to the next Service.
        await plane.CreateServiceAsync("next");
        await Eventually.MatchAsync(() => plane.ReadServiceAsync("next"), s => ControlPlane.Ingress(s).SequenceEqual(["192.168.10.0"]), "next reuses the freed address");
    }
    [Fact]
    public async Task DualStackService_GetsOneAddressPerFamily_AndOtherLoadBalancerClassesAreLeftAlone()
    {
        await using var plane = await ControlPlane.StartAsync();
        await using var replica = await ControllerReplica.StartAsync(plane, "replica-a");
        await plane.ApplyAsync(FirstPool);
        await plane.ApplyAsync("""
            apiVersion: v1
            kind: Service
            metadata:
              name: dual
              namespace: apps
            spec:
              type: LoadBalancer
              ipFamilyPolicy: RequireDualStack
              ipFamilies: [IPv4, IPv6]
              selector:
                app: dual
              ports:
              - port: 443
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: other-class
              namespace: apps
            spec:
              type: LoadBalancer
              loadBalancerClass: example.com/other
              selector:
                app: other
              ports:
              - port: 443
            """);

        var dual = await Eventually.MatchAsync(() => plane.ReadServiceAsync("dual"), s => ControlPlane.Ingress(s).Count == 2, "the dual-stack Service has two addresses");
        Assert.Equal(["192.168.10.0", "fc00:f853:ccd:e799::"], ControlPlane.Ingress(dual).Order(StringComparer.Ordinal));

        // One worker takes keys first in, first out: once a later Service is served, the other-class one was seen.
        await plane.CreateServiceAsync("after");
        await Eventually.MatchAsync(() => plane.ReadServiceAsync("after"), s => ControlPlane.Ingress(s).Count == 1, "after has an address");
        var other = await plane.ReadServiceAsync("other-class");
        Assert.Empty(ControlPlane.Ingress(other));
        Assert.Null(ControlPlane.AddressCondition(other));
        Assert.False(other.Metadata.Annotations?.ContainsKey("metallb.io/ip-allocated-from-pool") ?? false);
        Assert.DoesNotContain(await plane.EventsForAsync("other-class"), e => e.Reason is "IPAllocated" or "AllocationFailed");
    }
}
