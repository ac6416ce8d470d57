using Microsoft.Extensions.Time.Testing;
using Platform.Crds.MetalLB;
using Platform.LoadBalancer.Allocation;
using Platform.LoadBalancer.Configuration;
using Platform.LoadBalancer.Services;
using Platform.Operator.Abstractions.Events;
using static Platform.LoadBalancer.Tests.PoolFactory;
using static Platform.LoadBalancer.Tests.ServiceFactory;

namespace Platform.LoadBalancer.Tests.Services;

public class ServiceAddressPlannerTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));

    private ServiceAddressPlanner Planner(LoadBalancerOptions? options = null, params AddressPoolDefinition[] pools) =>
        new(Allocator(pools), options ?? new LoadBalancerOptions(), time);

    private ServiceAddressPlanner Planner(params AddressPoolDefinition[] pools) => Planner(null, pools);

    private static Dictionary<string, string> Annotations(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public void Assigns_an_address_with_event_annotation_and_condition_then_stays_quiet()
    {
        var planner = Planner(Define("default-pool", ["192.168.10.0/24"]));
        var service = LbService("web");

        var first = planner.Plan(service);
        Assert.Equal(ServiceDisposition.Assigned, first.Disposition);
        Assert.Equal(["192.168.10.0"], first.Ingress);
        Assert.Equal("default-pool", first.AllocatedFromPool);
        Assert.True(first.StatusChanged);
        Assert.True(first.AnnotationChanged);
        var allocated = Assert.Single(first.Events);
        Assert.Equal((EventType.Normal, "IPAllocated", "Assigned IP [\"192.168.10.0\"]"), (allocated.Type, allocated.Reason, allocated.Message));
        Assert.Equal(("LoadBalancerAddressAssigned", "True", "Assigned"), (first.Condition!.Type, first.Condition.Status, first.Condition.Reason));
        Assert.Equal(1, first.Condition.ObservedGeneration);

        service.Apply(first);
        time.Advance(TimeSpan.FromMinutes(5));
        var second = planner.Plan(service);
        Assert.Equal(["192.168.10.0"], second.Ingress);
        Assert.False(second.StatusChanged);
        Assert.False(second.AnnotationChanged);
        Assert.Empty(second.Events);
        Assert.Equal(first.Condition.LastTransitionTime, second.Condition!.LastTransitionTime);
        Assert.Null(second.RequeueAfter);
    }

    [Fact]
    public void Honours_requested_ips_from_annotation_or_spec()
    {
        var planner = Planner(Define("pool", ["192.168.10.0/24", "2001:db8::/120"]));
        Assert.Equal(["192.168.10.77"], planner.Plan(LbService("a", annotations: Annotations(("metallb.io/loadBalancerIPs", "192.168.10.77")))).Ingress);
        Assert.Equal(["192.168.10.78"], planner.Plan(LbService("b", loadBalancerIP: "192.168.10.78")).Ingress);
        var dual = planner.Plan(LbService(
            "c",
            clusterIPs: ["10.96.0.1", "fd00::1"],
            ipFamilyPolicy: "RequireDualStack",
            annotations: Annotations(("metallb.io/loadBalancerIPs", "2001:db8::9, 192.168.10.9"))));
        Assert.Equal(["2001:db8::9", "192.168.10.9"], dual.Ingress);
    }

    [Theory]
    [InlineData("192.168.10.1,192.168.10.2,2001:db8::1", "at most two")]
    [InlineData("192.168.10.1,192.168.10.2", "different families")]
    [InlineData("not-an-ip", "invalid IP")]
    [InlineData("192.168.10.1,", "invalid IP")]
    public void Bad_requested_ips_annotation_gives_warning_and_condition(string value, string expected)
    {
        var planner = Planner(Define("pool", ["192.168.10.0/24", "2001:db8::/120"]));
        var decision = planner.Plan(LbService("a", annotations: Annotations(("metallb.io/loadBalancerIPs", value))));
        Assert.Equal(ServiceDisposition.Pending, decision.Disposition);
        Assert.Empty(decision.Ingress);
        var warning = Assert.Single(decision.Events);
        Assert.Equal((EventType.Warning, "LoadBalancerFailed"), (warning.Type, warning.Reason));
        Assert.Contains(expected, warning.Message, StringComparison.Ordinal);
        Assert.Equal(("False", "InvalidAnnotation"), (decision.Condition!.Status, decision.Condition.Reason));

        // Other Services are unaffected.
        Assert.Equal(ServiceDisposition.Assigned, planner.Plan(LbService("b")).Disposition);
    }

    [Fact]
    public void Annotation_and_spec_load_balancer_ip_together_are_an_error()
    {
        var planner = Planner(Define("pool", ["192.168.10.0/24"]));
        var decision = planner.Plan(LbService("a", loadBalancerIP: "192.168.10.5", annotations: Annotations(("metallb.io/loadBalancerIPs", "192.168.10.6"))));
        Assert.Equal("InvalidAnnotation", decision.Condition!.Reason);
        Assert.Contains("spec.loadBalancerIP", decision.Condition.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Address_outside_every_pool_wrong_family_and_unknown_pool_stay_pending_with_reasons()
    {
        var planner = Planner(Define("pool", ["192.168.10.0/24"]), Define("other", ["192.168.20.0/24"]));
        var outside = planner.Plan(LbService("a", annotations: Annotations(("metallb.io/loadBalancerIPs", "198.51.100.1"))));
        Assert.Equal("AddressNotInPool", outside.Condition!.Reason);
        Assert.Equal("AllocationFailed", Assert.Single(outside.Events).Reason);
        Assert.Contains("Failed to allocate IP for \"default/a\"", outside.Events[0].Message, StringComparison.Ordinal);

        var wrongFamily = planner.Plan(LbService("b", annotations: Annotations(("metallb.io/loadBalancerIPs", "2001:db8::1"))));
        Assert.Equal("AddressNotInPool", wrongFamily.Condition!.Reason);
        Assert.Contains("IP families", wrongFamily.Condition.Message, StringComparison.Ordinal);

        var unknown = planner.Plan(LbService("c", annotations: Annotations(("metallb.io/address-pool", "nope"))));
        Assert.Equal("UnknownPool", unknown.Condition!.Reason);

        var notInNamed = planner.Plan(LbService("d", annotations: Annotations(("metallb.io/address-pool", "other"), ("metallb.io/loadBalancerIPs", "192.168.10.4"))));
        Assert.Equal("AddressNotInPool", notInNamed.Condition!.Reason);

        Assert.Equal(["192.168.20.0"], planner.Plan(LbService("e", annotations: Annotations(("metallb.io/address-pool", "other")))).Ingress);
    }

    [Fact]
    public void Requested_ip_taken_is_retried_when_the_holder_goes_away()
    {
        var planner = Planner(Define("pool", ["192.168.10.0/24"]));
        planner.Plan(LbService("holder", annotations: Annotations(("metallb.io/loadBalancerIPs", "192.168.10.5"))));
        _ = planner.TakeServicesToRetry();
        var wants = LbService("wants", annotations: Annotations(("metallb.io/loadBalancerIPs", "192.168.10.5")));
        var blocked = planner.Plan(wants);
        Assert.Equal("RequestedAddressTaken", blocked.Condition!.Reason);
        Assert.Equal(TimeSpan.FromSeconds(30), blocked.RequeueAfter);
        Assert.Contains("default/wants", planner.PendingServices);
        Assert.Empty(planner.TakeServicesToRetry());

        planner.Forget("default/holder");
        Assert.Equal(["default/wants"], planner.TakeServicesToRetry());
        Assert.Equal(["192.168.10.5"], planner.Plan(wants.Apply(blocked)).Ingress);
        Assert.Empty(planner.PendingServices);
    }

    [Fact]
    public void Exhausted_pool_reports_pool_exhausted_and_requeues()
    {
        var planner = Planner(new LoadBalancerOptions { PendingRetryInterval = TimeSpan.FromSeconds(7) }, Define("pool", ["192.168.10.0/32"]));
        planner.Plan(LbService("a"));
        var decision = planner.Plan(LbService("b"));
        Assert.Equal(("False", "PoolExhausted"), (decision.Condition!.Status, decision.Condition.Reason));
        Assert.Equal(TimeSpan.FromSeconds(7), decision.RequeueAfter);
    }

    [Fact]
    public void Pool_deleted_under_a_live_service_clears_and_reallocates_or_pends()
    {
        var planner = Planner(Define("first", ["192.168.10.0/30"]), Define("second", ["192.168.20.0/30"], autoAssign: false));
        var service = LbService("web");
        service.Apply(planner.Plan(service));
        Assert.Equal("first", service.Metadata.Annotations["metallb.io/ip-allocated-from-pool"]);

        var change = planner.Allocator.SetPools([Define("third", ["192.168.30.0/30"])]);
        Assert.Equal("default/web", Assert.Single(change.Dropped).Service);
        var moved = planner.Plan(service);
        Assert.Contains(moved.Events, e => e.Reason == "ClearAssignment" && e.Type == EventType.Normal);
        Assert.Contains(moved.Events, e => e.Reason == "IPAllocated");
        Assert.Equal(["192.168.30.0"], moved.Ingress);
        Assert.Equal("third", moved.AllocatedFromPool);

        service.Apply(moved);
        planner.Allocator.SetPools([]);
        var none = planner.Plan(service);
        Assert.Equal(ServiceDisposition.Pending, none.Disposition);
        Assert.Equal("NoPools", none.Condition!.Reason);
        Assert.True(none.StatusChanged);
        Assert.Null(none.AllocatedFromPool);
    }

    [Fact]
    public void Legacy_annotations_are_honoured_with_a_deprecation_warning_and_the_new_prefix_wins()
    {
        var planner = Planner(Define("a", ["192.168.10.0/24"]), Define("b", ["192.168.20.0/24"], autoAssign: false));
        var legacy = planner.Plan(LbService("x", annotations: Annotations(("metallb.universe.tf/address-pool", "b"))));
        Assert.Equal(["192.168.20.0"], legacy.Ingress);
        var deprecation = Assert.Single(legacy.Events, e => e.Reason == "deprecatedAnnotation");
        Assert.Equal(EventType.Warning, deprecation.Type);
        Assert.Contains("metallb.universe.tf/address-pool", deprecation.Message, StringComparison.Ordinal);

        var both = planner.Plan(LbService("y", annotations: Annotations(("metallb.universe.tf/address-pool", "b"), ("metallb.io/address-pool", "a"))));
        Assert.Equal("a", both.AllocatedFromPool);
        Assert.DoesNotContain(both.Events, e => e.Reason == "deprecatedAnnotation");

        // No warning when nothing changes.
        var service = LbService("z", annotations: Annotations(("metallb.universe.tf/allow-shared-ip", "k")));
        service.Apply(planner.Plan(service));
        Assert.DoesNotContain(planner.Plan(service).Events, e => e.Reason == "deprecatedAnnotation");
    }

    [Fact]
    public void Only_services_of_the_configured_class_are_handled()
    {
        var planner = Planner(Define("pool", ["192.168.10.0/24"]));
        var other = planner.Plan(LbService("a", loadBalancerClass: "example.com/other"));
        Assert.Equal(ServiceDisposition.Ignored, other.Disposition);
        Assert.False(other.StatusChanged);
        Assert.Empty(other.Events);

        var classed = new ServiceAddressPlanner(Allocator(Define("pool", ["192.168.10.0/24"])), new LoadBalancerOptions { LoadBalancerClass = "platform.io/lb" }, time);
        Assert.Equal(ServiceDisposition.Ignored, classed.Plan(LbService("b")).Disposition);
        Assert.Equal(ServiceDisposition.Assigned, classed.Plan(LbService("c", loadBalancerClass: "platform.io/lb")).Disposition);
    }

    [Fact]
    public void A_service_that_stops_being_a_load_balancer_releases_its_address()
    {
        var planner = Planner(Define("pool", ["192.168.10.0/32"]));
        var service = LbService("a");
        service.Apply(planner.Plan(service));
        service.Spec.Type = "ClusterIP";
        var cleared = planner.Plan(service);
        Assert.Equal(ServiceDisposition.NotLoadBalancer, cleared.Disposition);
        Assert.True(cleared.StatusChanged);
        Assert.True(cleared.AnnotationChanged);
        Assert.Null(cleared.Condition);
        Assert.Equal(["192.168.10.0"], planner.Plan(LbService("b")).Ingress);
    }

    [Fact]
    public void Restart_rebuild_lets_the_older_service_keep_a_contested_address_and_pending_ones_wait()
    {
        var planner = Planner(Define("pool", ["192.168.10.0/30"]));
        var older = LbService("older", created: new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)).WithIngress("192.168.10.1");
        var younger = LbService("aaa-younger", created: new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc)).WithIngress("192.168.10.1");
        var pendingOldest = LbService("pending", created: new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var holder = LbService("holder", created: new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc)).WithIngress("192.168.10.0");

        var decisions = planner.Rebuild([pendingOldest, younger, holder, older], _ => null).ToDictionary(d => d.ServiceKey);
        Assert.Equal(["192.168.10.1"], decisions["default/older"].Ingress);
        Assert.False(decisions["default/older"].StatusChanged);
        Assert.Equal(["192.168.10.0"], decisions["default/holder"].Ingress);
        Assert.Contains(decisions["default/aaa-younger"].Events, e => e.Reason == "ClearAssignment");
        Assert.Equal(["192.168.10.2"], decisions["default/aaa-younger"].Ingress);
        Assert.Equal(["192.168.10.3"], decisions["default/pending"].Ingress);
    }

    [Fact]
    public void Require_dual_stack_with_one_cluster_ip_warns()
    {
        var planner = Planner(Define("pool", ["192.168.10.0/24", "2001:db8::/120"]));
        var decision = planner.Plan(LbService("a", ipFamilyPolicy: "RequireDualStack"));
        Assert.Equal("not enough clusterips", Assert.Single(decision.Events).Reason);
        Assert.Equal("NotEnoughClusterIPs", decision.Condition!.Reason);
    }

    [Fact]
    public void Service_without_cluster_ip_is_pending_without_events()
    {
        var planner = Planner(Define("pool", ["192.168.10.0/24"]));
        var decision = planner.Plan(LbService("a", clusterIPs: ["None"]));
        Assert.Empty(decision.Events);
        Assert.Equal("NoClusterIP", decision.Condition!.Reason);
    }

    [Fact]
    public void Prefer_dual_stack_reports_partial_assignment_and_completes_when_the_pool_grows()
    {
        var planner = Planner(Define("pool", ["192.168.10.0/24"]));
        var service = LbService("a", clusterIPs: ["10.96.0.1", "fd00::1"], ipFamilyPolicy: "PreferDualStack");
        var partial = planner.Plan(service);
        Assert.Equal(["192.168.10.0"], partial.Ingress);
        Assert.Equal(("True", "PartiallyAssigned"), (partial.Condition!.Status, partial.Condition.Reason));
        service.Apply(partial);

        planner.Allocator.SetPools([Define("pool", ["192.168.10.0/24", "2001:db8::/120"])]);
        var full = planner.Plan(service);
        Assert.Equal(["192.168.10.0", "2001:db8::"], full.Ingress);
        Assert.Equal("Assigned", full.Condition!.Reason);
    }

    [Fact]
    public void Single_stack_service_with_prefer_dual_stack_policy_gets_one_address()
    {
        var planner = Planner(Define("pool", ["192.168.10.0/24", "2001:db8::/120"]));
        var decision = planner.Plan(LbService("a", ipFamilyPolicy: "PreferDualStack"));
        Assert.Equal(["192.168.10.0"], decision.Ingress);
        Assert.Equal("Assigned", decision.Condition!.Reason);
    }

    [Fact]
    public void Sharing_follows_the_key_and_the_backend()
    {
        var planner = Planner(Define("pool", ["192.168.10.0/24"]));
        var shared = Annotations(("metallb.io/allow-shared-ip", "key"));
        var tcp = planner.Plan(LbService("tcp", annotations: shared, externalTrafficPolicy: "Local", selector: new() { ["app"] = "dns" }, ports: [("TCP", 53)]));
        var udp = planner.Plan(LbService("udp", annotations: shared, externalTrafficPolicy: "Local", selector: new() { ["app"] = "dns" }, ports: [("UDP", 53)]));
        var otherPods = planner.Plan(LbService("other", annotations: shared, externalTrafficPolicy: "Local", selector: new() { ["app"] = "web" }, ports: [("TCP", 80)]));
        Assert.Equal(tcp.Ingress, udp.Ingress);
        Assert.NotEqual(tcp.Ingress, otherPods.Ingress);
    }

    [Fact]
    public void Changing_the_requested_pool_moves_the_service()
    {
        var planner = Planner(Define("a", ["192.168.10.0/24"]), Define("b", ["192.168.20.0/24"]));
        var service = LbService("x");
        service.Apply(planner.Plan(service));
        service.Metadata.Annotations!["metallb.io/address-pool"] = "b";
        var moved = planner.Plan(service);
        Assert.Equal(["192.168.20.0"], moved.Ingress);
        Assert.Equal("b", moved.AllocatedFromPool);
    }

    [Fact]
    public void Unparsable_status_addresses_are_cleared_with_a_warning()
    {
        var planner = Planner(Define("pool", ["192.168.10.0/24"]));
        var decision = planner.Plan(LbService("a").WithIngress("garbage"));
        Assert.Contains(decision.Events, e => e.Reason == "nolbIPsIPFamily" && e.Type == EventType.Warning);
        Assert.Equal(["192.168.10.0"], decision.Ingress);
    }

    [Fact]
    public void Service_allocation_by_namespace_labels_uses_the_labels_passed_in()
    {
        var planner = Planner(
            Define("generic", ["192.168.10.0/24"]),
            Define("team", ["192.168.50.0/24"], allocation: new ServiceAllocation
            {
                Priority = 1,
                NamespaceSelectors = [new k8s.Models.V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["team"] = "a" } }],
            }));
        Assert.Equal(["192.168.50.0"], planner.Plan(LbService("x", ns: "team-a"), new Dictionary<string, string> { ["team"] = "a" }).Ingress);
        Assert.Equal(["192.168.10.0"], planner.Plan(LbService("y", ns: "team-b"), new Dictionary<string, string> { ["team"] = "b" }).Ingress);
    }
}
