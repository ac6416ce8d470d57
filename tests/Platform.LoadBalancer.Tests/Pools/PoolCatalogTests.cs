using Microsoft.Extensions.Time.Testing;
using Platform.LoadBalancer.Allocation;
using Platform.LoadBalancer.Configuration;
using Platform.LoadBalancer.Pools;
using static Platform.LoadBalancer.Tests.PoolFactory;

namespace Platform.LoadBalancer.Tests.Pools;

public class PoolCatalogTests
{
    [Fact]
    public void The_older_of_two_overlapping_pools_stays_in_service()
    {
        var older = Pool("older", ["10.0.0.0/24"]);
        older.Metadata.CreationTimestamp = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var newer = Pool("a-newer", ["10.0.0.128/25"]);
        newer.Metadata.CreationTimestamp = new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc);
        var elsewhere = Pool("elsewhere", ["10.9.0.0/24"], ns: "default");

        var catalog = PoolCatalog.Build([newer, elsewhere, older], new LoadBalancerOptions());
        Assert.Equal(["older"], catalog.Definitions.Select(d => d.Name));
        Assert.Contains("overlaps", Assert.Single(catalog.Problems["metallb-system/a-newer"]), StringComparison.Ordinal);
        Assert.Contains("namespaces", Assert.Single(catalog.Problems["default/elsewhere"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Status_shows_counters_holders_and_validity()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
        var pool = Pool("p", ["10.0.0.0/30"]);
        var allocator = Allocator(Define("p", ["10.0.0.0/30"]));
        allocator.Allocate(ServiceProfile.Simple("default", "a"), FamilyRequirement.IPv4);
        allocator.Allocate(ServiceProfile.Simple("default", "b"), FamilyRequirement.IPv4);

        var status = PoolStatusComposer.Compose(pool, allocator, [], maxAssignments: 1, time.GetUtcNow());
        Assert.Equal((2, 0, 2, 0), (status.AssignedIPv4, status.AssignedIPv6, status.AvailableIPv4, status.AvailableIPv6));
        var only = Assert.Single(status.Assignments!);
        Assert.Equal(("10.0.0.0", "default/a"), (only.Ip, Assert.Single(only.Services)));
        Assert.True(status.AssignmentsTruncated);
        Assert.Equal(("Valid", "True", "Accepted"), (status.Conditions![0].Type, status.Conditions[0].Status, status.Conditions[0].Reason));

        pool.Status = status;
        time.Advance(TimeSpan.FromMinutes(1));
        var invalid = PoolStatusComposer.Compose(pool, allocator, ["CIDR \"x\" overlaps"], 10, time.GetUtcNow());
        Assert.Equal(("False", "InvalidConfiguration"), (invalid.Conditions![0].Status, invalid.Conditions[0].Reason));
        Assert.Equal(time.GetUtcNow().UtcDateTime, invalid.Conditions[0].LastTransitionTime);
        Assert.Empty(invalid.Assignments!);
    }
}
