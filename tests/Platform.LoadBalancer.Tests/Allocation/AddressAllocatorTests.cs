using k8s.Models;
using Platform.Crds.MetalLB;
using Platform.LoadBalancer.Addressing;
using Platform.LoadBalancer.Allocation;
using static Platform.LoadBalancer.Tests.PoolFactory;

namespace Platform.LoadBalancer.Tests.Allocation;

public class AddressAllocatorTests
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    private static NetAddress Ip(string text)
    {
        Assert.True(AddressParser.TryParseAddress(text, out var address), text);
        return address;
    }

    private static ServiceProfile Svc(
        string name,
        string ns = "default",
        string sharingKey = "",
        string backendKey = "",
        ServicePortKey[]? ports = null,
        Dictionary<string, string>? labels = null,
        Dictionary<string, string>? namespaceLabels = null) =>
        new($"{ns}/{name}", ns, labels ?? NoLabels, namespaceLabels ?? NoLabels, sharingKey, backendKey, ports ?? [new("TCP", 80)]);

    private static string One(AllocationOutcome outcome)
    {
        Assert.True(outcome.Succeeded, outcome.Message);
        return Assert.Single(outcome.Addresses).ToString();
    }

    [Fact]
    public void Allocates_the_lowest_free_address_including_network_address_like_metallb()
    {
        var allocator = Allocator(Define("pool", ["10.0.0.0/30"]));
        Assert.Equal("10.0.0.0", One(allocator.Allocate(Svc("a"), FamilyRequirement.IPv4)));
        Assert.Equal("10.0.0.1", One(allocator.Allocate(Svc("b"), FamilyRequirement.IPv4)));
        Assert.True(allocator.Release("default/a"));
        Assert.Equal("10.0.0.0", One(allocator.Allocate(Svc("c"), FamilyRequirement.IPv4)));
        Assert.Equal("10.0.0.2", One(allocator.Allocate(Svc("d"), FamilyRequirement.IPv4)));
        Assert.Equal("10.0.0.3", One(allocator.Allocate(Svc("e"), FamilyRequirement.IPv4)));
        var exhausted = allocator.Allocate(Svc("f"), FamilyRequirement.IPv4);
        Assert.Equal(AllocationError.PoolExhausted, exhausted.Error);
        Assert.Null(allocator.HeldBy("default/f"));
    }

    [Fact]
    public void Walks_pool_entries_in_the_order_written()
    {
        var allocator = Allocator(Define("pool", ["10.0.1.0/31", "10.0.0.0/31"]));
        Assert.Equal("10.0.1.0", One(allocator.Allocate(Svc("a"), FamilyRequirement.IPv4)));
        Assert.Equal("10.0.1.1", One(allocator.Allocate(Svc("b"), FamilyRequirement.IPv4)));
        Assert.Equal("10.0.0.0", One(allocator.Allocate(Svc("c"), FamilyRequirement.IPv4)));
    }

    [Fact]
    public void Keeps_an_existing_allocation_when_allocating_again()
    {
        var allocator = Allocator(Define("pool", ["10.0.0.0/29"]));
        var first = One(allocator.Allocate(Svc("a"), FamilyRequirement.IPv4));
        Assert.Equal(first, One(allocator.Allocate(Svc("a"), FamilyRequirement.IPv4)));
        Assert.Equal(1, allocator.Counters("pool").AssignedIPv4);
    }

    [Fact]
    public void Avoid_buggy_ips_skips_every_dot0_and_dot255()
    {
        var allocator = Allocator(Define("pool", ["10.0.0.254-10.0.1.1", "10.0.2.255/32"], avoidBuggyIPs: true));
        Assert.Equal("10.0.0.254", One(allocator.Allocate(Svc("a"), FamilyRequirement.IPv4)));
        Assert.Equal("10.0.1.1", One(allocator.Allocate(Svc("b"), FamilyRequirement.IPv4)));
        Assert.Equal(AllocationError.PoolExhausted, allocator.Allocate(Svc("c"), FamilyRequirement.IPv4).Error);
        Assert.Equal(AllocationError.AddressNotInPool, allocator.Assign(Svc("d"), [Ip("10.0.1.0")]).Error);
        Assert.Equal(new PoolCounters(2, 0, 0, 0), allocator.Counters("pool"));
    }

    [Fact]
    public void Avoid_buggy_ips_has_no_effect_on_ipv6()
    {
        var allocator = Allocator(Define("pool", ["2001:db8::/127"], avoidBuggyIPs: true));
        Assert.Equal("2001:db8::", One(allocator.Allocate(Svc("a"), FamilyRequirement.IPv6)));
        Assert.Equal("2001:db8::1", One(allocator.Allocate(Svc("b"), FamilyRequirement.IPv6)));
    }

    [Fact]
    public void Assigns_a_requested_address_and_refuses_one_outside_every_pool()
    {
        var allocator = Allocator(Define("pool", ["10.0.0.0/24"]));
        var outcome = allocator.Assign(Svc("a"), [Ip("10.0.0.42")]);
        Assert.True(outcome.Succeeded);
        Assert.Equal("pool", outcome.Pool);
        Assert.Equal("10.0.0.0", One(allocator.Allocate(Svc("b"), FamilyRequirement.IPv4)));
        var outside = allocator.Assign(Svc("c"), [Ip("192.0.2.1")]);
        Assert.Equal(AllocationError.AddressNotInPool, outside.Error);
        Assert.Contains("not allowed in config", outside.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_three_addresses_two_of_one_family_and_addresses_of_two_pools()
    {
        var allocator = Allocator(Define("a", ["10.0.0.0/24", "2001:db8::/120"]), Define("b", ["10.0.1.0/24", "2001:db8:1::/120"]));
        Assert.Equal(AllocationError.TooManyAddresses, allocator.Assign(Svc("x"), [Ip("10.0.0.1"), Ip("2001:db8::1"), Ip("10.0.0.2")]).Error);
        Assert.Equal(AllocationError.SameFamily, allocator.Assign(Svc("x"), [Ip("10.0.0.1"), Ip("10.0.0.2")]).Error);
        Assert.Equal(AllocationError.DifferentPools, allocator.Assign(Svc("x"), [Ip("10.0.0.1"), Ip("2001:db8:1::1")]).Error);
        Assert.Null(allocator.HeldBy("default/x"));
    }

    [Fact]
    public void Refuses_an_address_held_by_a_service_that_does_not_share()
    {
        var allocator = Allocator(Define("pool", ["10.0.0.0/24"]));
        Assert.True(allocator.Assign(Svc("a"), [Ip("10.0.0.5")]).Succeeded);
        var taken = allocator.Assign(Svc("b", sharingKey: "k", ports: [new("TCP", 443)]), [Ip("10.0.0.5")]);
        Assert.Equal(AllocationError.AddressInUse, taken.Error);
        Assert.Contains("default/a", taken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Named_pool_allocation_uses_only_that_pool_even_without_auto_assign()
    {
        var allocator = Allocator(Define("auto", ["10.0.0.0/24"]), Define("manual", ["10.0.9.0/24"], autoAssign: false));
        Assert.Equal("10.0.0.0", One(allocator.Allocate(Svc("a"), FamilyRequirement.IPv4)));
        Assert.Equal("10.0.9.0", One(allocator.AllocateFromPool(Svc("b"), FamilyRequirement.IPv4, "manual")));
        Assert.Equal(AllocationError.UnknownPool, allocator.AllocateFromPool(Svc("c"), FamilyRequirement.IPv4, "nope").Error);
        Assert.Equal(AllocationError.NoCompatiblePool, allocator.AllocateFromPool(Svc("d"), FamilyRequirement.IPv6, "manual").Error);
    }

    [Fact]
    public void Auto_assign_false_pools_are_never_used_automatically()
    {
        var allocator = Allocator(Define("manual", ["10.0.9.0/24"], autoAssign: false));
        var outcome = allocator.Allocate(Svc("a"), FamilyRequirement.IPv4);
        Assert.Equal(AllocationError.NoCompatiblePool, outcome.Error);
    }

    [Fact]
    public void Services_with_the_same_key_and_disjoint_ports_share_an_address()
    {
        var allocator = Allocator(Define("pool", ["10.0.0.0/24"]));
        var a = One(allocator.Allocate(Svc("a", sharingKey: "dns", ports: [new("TCP", 53)]), FamilyRequirement.IPv4));
        var b = One(allocator.Allocate(Svc("b", sharingKey: "dns", ports: [new("UDP", 53)]), FamilyRequirement.IPv4));
        Assert.Equal(a, b);
        Assert.Equal(["default/a", "default/b"], allocator.HoldersOf(Ip(a)));
        Assert.Equal(1, allocator.Counters("pool").AssignedIPv4);

        // Overlapping port, other key, other backend: all get their own address.
        Assert.NotEqual(a, One(allocator.Allocate(Svc("c", sharingKey: "dns", ports: [new("TCP", 53)]), FamilyRequirement.IPv4)));
        Assert.NotEqual(a, One(allocator.Allocate(Svc("d", sharingKey: "other", ports: [new("TCP", 8053)]), FamilyRequirement.IPv4)));
        Assert.NotEqual(a, One(allocator.Allocate(Svc("e", sharingKey: "dns", backendKey: "app=x", ports: [new("TCP", 9053)]), FamilyRequirement.IPv4)));
        Assert.NotEqual(a, One(allocator.Allocate(Svc("f", ports: [new("TCP", 10053)]), FamilyRequirement.IPv4)));
    }

    [Fact]
    public void Shared_services_pack_onto_an_earlier_compatible_address()
    {
        var allocator = Allocator(Define("pool", ["10.0.0.0/24"]));
        Assert.True(allocator.Assign(Svc("x"), [Ip("10.0.0.0")]).Succeeded);
        Assert.True(allocator.Assign(Svc("s1", sharingKey: "k", ports: [new("TCP", 1)]), [Ip("10.0.0.7")]).Succeeded);
        Assert.True(allocator.Assign(Svc("s2", sharingKey: "k", ports: [new("TCP", 2)]), [Ip("10.0.0.3")]).Succeeded);

        // The lowest free is 10.0.0.1, but 10.0.0.3 is a compatible shared address... higher, so free wins.
        Assert.Equal("10.0.0.1", One(allocator.Allocate(Svc("s3", sharingKey: "k", ports: [new("TCP", 3)]), FamilyRequirement.IPv4)));
        Assert.True(allocator.Assign(Svc("fill"), [Ip("10.0.0.2")]).Succeeded);
        Assert.True(allocator.Assign(Svc("fill2"), [Ip("10.0.0.4")]).Succeeded);

        // Now the lowest free is 10.0.0.5 and 10.0.0.1 (s3) is compatible and earlier.
        Assert.Equal("10.0.0.1", One(allocator.Allocate(Svc("s4", sharingKey: "k", ports: [new("TCP", 4)]), FamilyRequirement.IPv4)));

        // A port clash with s3 and s4 on 10.0.0.1 moves on to the next compatible address, 10.0.0.3.
        Assert.Equal("10.0.0.3", One(allocator.Allocate(Svc("s5", sharingKey: "k", ports: [new("TCP", 3)]), FamilyRequirement.IPv4)));
    }

    [Fact]
    public void Sole_user_may_change_its_sharing_key_in_place_but_not_while_others_share()
    {
        var allocator = Allocator(Define("pool", ["10.0.0.0/24"]));
        Assert.True(allocator.Assign(Svc("a", sharingKey: "k1"), [Ip("10.0.0.9")]).Succeeded);
        Assert.True(allocator.Assign(Svc("a", sharingKey: "k2"), [Ip("10.0.0.9")]).Succeeded);
        Assert.True(allocator.Assign(Svc("b", sharingKey: "k2", ports: [new("TCP", 81)]), [Ip("10.0.0.9")]).Succeeded);
        Assert.Equal(AllocationError.AddressInUse, allocator.Assign(Svc("a", sharingKey: "k3"), [Ip("10.0.0.9")]).Error);
    }

    [Fact]
    public void Require_dual_stack_takes_both_families_from_one_pool_in_ipv4_ipv6_order()
    {
        var allocator = Allocator(
            Define("a-v4only", ["10.0.0.0/24"]),
            Define("b-dual", ["2001:db8::/120", "10.0.1.0/24"]));
        var outcome = allocator.Allocate(Svc("a"), new FamilyRequirement(FamilyMode.RequireDual, IpFamily.IPv6));
        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal("b-dual", outcome.Pool);
        Assert.Equal(["10.0.1.0", "2001:db8::"], outcome.Addresses.Select(a => a.ToString()));
    }

    [Fact]
    public void Require_dual_stack_fails_without_a_dual_pool()
    {
        var allocator = Allocator(Define("v4", ["10.0.0.0/24"]), Define("v6", ["2001:db8::/120"]));
        var outcome = allocator.Allocate(Svc("a"), new FamilyRequirement(FamilyMode.RequireDual, IpFamily.IPv4));
        Assert.Equal(AllocationError.NoCompatiblePool, outcome.Error);
    }

    [Fact]
    public void Prefer_dual_stack_falls_back_to_the_primary_family_then_adds_the_other_later()
    {
        var allocator = Allocator(Define("a-v4", ["10.0.0.0/24"]), Define("b-v6", ["2001:db8::/120"]));
        var v6First = allocator.Allocate(Svc("a"), new FamilyRequirement(FamilyMode.PreferDual, IpFamily.IPv6));
        Assert.Equal("b-v6", v6First.Pool);
        Assert.Equal("2001:db8::", Assert.Single(v6First.Addresses).ToString());
        var v4First = allocator.Allocate(Svc("b"), new FamilyRequirement(FamilyMode.PreferDual, IpFamily.IPv4));
        Assert.Equal("a-v4", v4First.Pool);

        Assert.Equal(AllocationError.PoolExhausted, allocator.AllocateAdditionalFamily(Svc("a")).Error);

        var dual = Allocator(Define("dual", ["10.0.0.0/24", "2001:db8::/120"]));
        Assert.True(dual.Assign(Svc("c"), [Ip("2001:db8::5")]).Succeeded);
        var added = dual.AllocateAdditionalFamily(Svc("c"));
        Assert.Equal(["2001:db8::5", "10.0.0.0"], added.Addresses.Select(a => a.ToString()));
    }

    [Fact]
    public void Priority_orders_pools_lower_first_zero_last_then_name()
    {
        var allocator = Allocator(
            Define("z-generic", ["10.0.0.0/24"]),
            Define("c-prio0", ["10.0.3.0/32"], allocation: new ServiceAllocation { Namespaces = ["default"] }),
            Define("b-prio2", ["10.0.2.0/32"], allocation: new ServiceAllocation { Priority = 2, Namespaces = ["default"] }),
            Define("a-prio2", ["10.0.4.0/32"], allocation: new ServiceAllocation { Priority = 2, Namespaces = ["default"] }),
            Define("d-prio1", ["10.0.1.0/32"], allocation: new ServiceAllocation { Priority = 1, Namespaces = ["default"] }));
        Assert.Equal("10.0.1.0", One(allocator.Allocate(Svc("s1"), FamilyRequirement.IPv4)));
        Assert.Equal("10.0.4.0", One(allocator.Allocate(Svc("s2"), FamilyRequirement.IPv4)));
        Assert.Equal("10.0.2.0", One(allocator.Allocate(Svc("s3"), FamilyRequirement.IPv4)));
        Assert.Equal("10.0.3.0", One(allocator.Allocate(Svc("s4"), FamilyRequirement.IPv4)));
        Assert.Equal("10.0.0.0", One(allocator.Allocate(Svc("s5"), FamilyRequirement.IPv4)));

        // Another namespace never sees the restricted pools.
        Assert.Equal("10.0.0.1", One(allocator.Allocate(Svc("t1", ns: "other"), FamilyRequirement.IPv4)));
    }

    [Fact]
    public void Service_allocation_matches_namespaces_selectors_and_service_labels()
    {
        var allocator = Allocator(
            Define("by-ns-label", ["10.0.1.0/30"], allocation: new ServiceAllocation
            {
                Priority = 1,
                NamespaceSelectors = [new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["team"] = "red" } }],
            }),
            Define("by-svc-label", ["10.0.2.0/30"], allocation: new ServiceAllocation
            {
                Priority = 2,
                ServiceSelectors = [new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = "tier", OperatorProperty = "In", Values = ["web", "api"] }] }],
            }),
            Define("restricted-manual", ["10.0.3.0/30"], autoAssign: false, allocation: new ServiceAllocation { Namespaces = ["ops"] }));

        var red = new Dictionary<string, string> { ["team"] = "red" };
        var web = new Dictionary<string, string> { ["tier"] = "web" };
        Assert.Equal("10.0.1.0", One(allocator.Allocate(Svc("a", ns: "red", namespaceLabels: red), FamilyRequirement.IPv4)));
        Assert.Equal("10.0.2.0", One(allocator.Allocate(Svc("b", labels: web), FamilyRequirement.IPv4)));
        Assert.Equal(AllocationError.NoCompatiblePool, allocator.Allocate(Svc("c"), FamilyRequirement.IPv4).Error);
        Assert.Equal(AllocationError.PoolNotCompatible, allocator.AllocateFromPool(Svc("d"), FamilyRequirement.IPv4, "restricted-manual").Error);
        Assert.Equal(AllocationError.PoolNotCompatible, allocator.Assign(Svc("e"), [Ip("10.0.1.3")]).Error);
        Assert.Equal("10.0.3.0", One(allocator.AllocateFromPool(Svc("f", ns: "ops"), FamilyRequirement.IPv4, "restricted-manual")));
    }

    [Fact]
    public void Renaming_a_pool_rehomes_allocations_and_shrinking_drops_them()
    {
        var allocator = Allocator(Define("old", ["10.0.0.0/30"]));
        One(allocator.Allocate(Svc("a"), FamilyRequirement.IPv4));
        One(allocator.Allocate(Svc("b"), FamilyRequirement.IPv4));
        var version = allocator.CapacityVersion;

        var renamed = allocator.SetPools([Define("new", ["10.0.0.0/30"])]);
        Assert.Equal(2, renamed.Rehomed.Count);
        Assert.Empty(renamed.Dropped);
        Assert.Equal("new", allocator.HeldBy("default/a")!.Pool);
        Assert.Equal(2, allocator.Counters("new").AssignedIPv4);
        Assert.True(allocator.CapacityVersion > version);

        var shrunk = allocator.SetPools([Define("new", ["10.0.0.0/32"]), Define("extra", ["10.0.5.0/30"])]);
        var dropped = Assert.Single(shrunk.Dropped);
        Assert.Equal("default/b", dropped.Service);
        Assert.Null(allocator.HeldBy("default/b"));
        Assert.Equal("10.0.0.0", allocator.HeldBy("default/a")!.Addresses[0].ToString());
        Assert.Equal(new PoolCounters(1, 0, 0, 0), allocator.Counters("new"));

        var gone = allocator.SetPools([]);
        Assert.Equal("default/a", Assert.Single(gone.Dropped).Service);
        Assert.False(allocator.HasPools);
        Assert.Equal(AllocationError.NoPools, allocator.Allocate(Svc("c"), FamilyRequirement.IPv4).Error);
    }

    [Fact]
    public void Turning_on_avoid_buggy_ips_drops_a_buggy_allocation()
    {
        var allocator = Allocator(Define("pool", ["10.0.0.0/30"]));
        Assert.Equal("10.0.0.0", One(allocator.Allocate(Svc("a"), FamilyRequirement.IPv4)));
        var change = allocator.SetPools([Define("pool", ["10.0.0.0/30"], avoidBuggyIPs: true)]);
        Assert.Equal("default/a", Assert.Single(change.Dropped).Service);
        Assert.Equal("10.0.0.1", One(allocator.Allocate(Svc("a"), FamilyRequirement.IPv4)));
    }

    [Fact]
    public void Adding_pools_never_moves_existing_allocations()
    {
        var allocator = Allocator(Define("z", ["10.0.9.0/30"]));
        Assert.Equal("10.0.9.0", One(allocator.Allocate(Svc("a"), FamilyRequirement.IPv4)));
        allocator.SetPools([Define("z", ["10.0.9.0/30"]), Define("a", ["10.0.0.0/30"], allocation: new ServiceAllocation { Priority = 1 })]);
        Assert.Equal("10.0.9.0", One(allocator.Allocate(Svc("a"), FamilyRequirement.IPv4)));
        Assert.Equal("10.0.0.0", One(allocator.Allocate(Svc("b"), FamilyRequirement.IPv4)));
    }

    [Fact]
    public void Overlapping_pools_are_resolved_by_name_and_reported()
    {
        var allocator = new AddressAllocator();
        var change = allocator.SetPools([Define("b", ["10.0.0.0/24"]), Define("a", ["10.0.0.128/25"])]);
        var rejected = Assert.Single(change.Rejected);
        Assert.Equal("b", rejected.Pool);
        Assert.Contains("overlaps", rejected.Reason, StringComparison.Ordinal);
        Assert.Equal(["a"], allocator.PoolNames);
    }

    [Fact]
    public void Counters_count_distinct_addresses_per_family()
    {
        var allocator = Allocator(Define("pool", ["10.0.0.0/28", "2001:db8::/124"]));
        One(allocator.Allocate(Svc("a", sharingKey: "k", ports: [new("TCP", 1)]), FamilyRequirement.IPv4));
        One(allocator.Allocate(Svc("b", sharingKey: "k", ports: [new("TCP", 2)]), FamilyRequirement.IPv4));
        One(allocator.Allocate(Svc("c"), FamilyRequirement.IPv6));
        Assert.Equal(new PoolCounters(1, 1, 15, 15), allocator.Counters("pool"));

        var samples = allocator.MetricSamples().ToDictionary(s => s.Name, s => s.Value);
        Assert.Equal(32, samples["metallb_allocator_addresses_total"]);
        Assert.Equal(2, samples["metallb_allocator_addresses_in_use_total"]);
        Assert.Equal(16, samples["metallb_allocator_ipv4_addresses_total"]);
        Assert.Equal(1, samples["metallb_allocator_ipv6_addresses_in_use_total"]);
        Assert.All(allocator.MetricSamples(), s => Assert.Equal("pool", s.Pool));

        allocator.Release("default/a");
        Assert.Equal(1, allocator.Counters("pool").AssignedIPv4);
        allocator.Release("default/b");
        Assert.Equal(new PoolCounters(0, 1, 16, 15), allocator.Counters("pool"));
    }

    [Fact]
    public void Huge_ipv6_pools_saturate_the_counters()
    {
        var allocator = Allocator(Define("pool", ["2001:db8::/64"]));
        One(allocator.Allocate(Svc("a"), FamilyRequirement.IPv6));
        Assert.Equal(long.MaxValue, allocator.Counters("pool").AvailableIPv6);
        Assert.Equal(1, allocator.Counters("pool").AssignedIPv6);
    }

    [Fact]
    public void Assignments_list_holders_lowest_first_and_bounded()
    {
        var allocator = Allocator(Define("pool", ["10.0.0.0/24"]));
        for (var i = 0; i < 5; i++)
        {
            One(allocator.Allocate(Svc($"s{i}"), FamilyRequirement.IPv4));
        }

        var list = allocator.Assignments("pool", 3, out var truncated);
        Assert.True(truncated);
        Assert.Equal(["10.0.0.0", "10.0.0.1", "10.0.0.2"], list.Select(a => a.Address.ToString()));
        Assert.Equal(["default/s0"], list[0].Services);
    }

    [Theory]
    // Position 2^26 + 5 of a /64: past the array of pages (2^22 positions), in the dictionary of far pages.
    [InlineData("2001:db8::/64", "2001:db8::400:5")]
    // Position 2^72 + 7 of a /48: beyond 64 bits, kept in the holding's side array.
    [InlineData("2001:db8::/48", "2001:db8:0:100::7")]
    public void Requested_addresses_deep_in_huge_ipv6_pools_are_held_shared_refused_and_freed(string pool, string deep)
    {
        var allocator = Allocator(Define("pool", [pool]));
        var address = Ip(deep);
        Assert.True(allocator.Assign(Svc("deep", sharingKey: "k"), [address]).Succeeded);
        Assert.Equal("2001:db8::", One(allocator.Allocate(Svc("low"), FamilyRequirement.IPv6)));

        Assert.Equal([deep], allocator.HeldBy("default/deep")!.Addresses.Select(a => a.ToString()));
        Assert.Equal(["default/deep"], allocator.HoldersOf(address));
        Assert.Equal(AllocationError.AddressInUse, allocator.Assign(Svc("other"), [address]).Error);
        Assert.True(allocator.Assign(Svc("sharer", sharingKey: "k", ports: [new("TCP", 443)]), [address]).Succeeded);
        Assert.Equal(["default/deep", "default/sharer"], allocator.HoldersOf(address));
        Assert.Equal(2, allocator.Counters("pool").AssignedIPv6);
        Assert.Equal(
            ["2001:db8:: default/low", $"{deep} default/deep,default/sharer"],
            allocator.Assignments("pool", 10, out _).Select(a => $"{a.Address} {string.Join(",", a.Services)}"));

        // Renaming the pool re-homes the far holding with its address intact.
        var change = allocator.SetPools([Define("renamed", [pool])]);
        Assert.Contains(change.Rehomed, r => r.Service == "default/deep");
        Assert.Equal([deep], allocator.HeldBy("default/deep")!.Addresses.Select(a => a.ToString()));

        Assert.True(allocator.Release("default/deep"));
        Assert.Equal(["default/sharer"], allocator.HoldersOf(address));
        Assert.True(allocator.Release("default/sharer"));
        Assert.Empty(allocator.HoldersOf(address));
        Assert.Equal(1, allocator.Counters("renamed").AssignedIPv6);
        Assert.True(allocator.Assign(Svc("other"), [address]).Succeeded);
    }

    [Fact]
    public void Pages_emptied_by_releases_are_reused_and_the_lowest_free_address_is_still_found()
    {
        var allocator = Allocator(Define("pool", ["10.0.0.0/20"]));
        for (var i = 0; i < 3_000; i++)
        {
            One(allocator.Allocate(Svc($"s{i}"), FamilyRequirement.IPv4));
        }

        // Free positions 1,024–2,047 (10.0.4.0–10.0.7.255, whole pages), then refill them from their start.
        for (var i = 1_024; i < 2_048; i++)
        {
            Assert.True(allocator.Release($"default/s{i}"));
        }

        Assert.Empty(allocator.HoldersOf(Ip("10.0.4.0")));
        Assert.Equal("10.0.4.0", One(allocator.Allocate(Svc("again"), FamilyRequirement.IPv4)));
        Assert.Equal(["default/again"], allocator.HoldersOf(Ip("10.0.4.0")));
        Assert.Empty(allocator.HoldersOf(Ip("10.0.7.255")));
        Assert.Equal(["default/s2048"], allocator.HoldersOf(Ip("10.0.8.0")));
        Assert.Equal(3_000 - 1_024 + 1, allocator.Counters("pool").AssignedIPv4);
    }
}
