using System.Diagnostics;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Platform.Operator.Abstractions.Builder;
using Platform.Operator.Abstractions.Reconciliation;
using Platform.Operator.Runtime.Diagnostics;
using Platform.Operator.Runtime.LeaderElection;
using Platform.Operator.Runtime.Tests.Support;
using Platform.Testing.FakeApi;

namespace Platform.Operator.Runtime.Tests.LeaderElection;

public sealed class LeaderGatingTests : IAsyncLifetime
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(3);
    private FakeKubeApiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeKubeApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<OperatorHarness> StartReplicaAsync(string identity, ReconcileProbe probe, params DelegatingHandler[] handlers) =>
        OperatorHarness.StartAsync(
            _server,
            settings: s => s.WithLeaderElection(
                "widgets-leader",
                "default",
                identity,
                leaseDuration: LeaseDuration,
                renewDeadline: TimeSpan.FromSeconds(2),
                retryPeriod: TimeSpan.FromMilliseconds(250)),
            probe: probe,
            handlers: handlers);

    private static bool IsLeading(OperatorHarness replica) => replica.Services.GetRequiredService<LeadershipGate>().IsLeading;

    private static double MasterStatus(OperatorHarness replica) =>
        replica.Services.GetRequiredService<RuntimeMetrics>().LeaderStatus.WithLabels("widgets-leader").Value;

    [Fact]
    public async Task Of_two_replicas_sharing_one_Lease_only_the_leader_reconciles()
    {
        for (var i = 0; i < 5; i++)
        {
            _server.Upsert(Widget.Create($"w{i}"));
        }

        var probe = new ReconcileProbe();
        await using var a = await StartReplicaAsync("replica-a", probe);
        await using var b = await StartReplicaAsync("replica-b", probe);

        await Eventually.TrueAsync(() => probe.Reconciled.Select(r => r.Key).Distinct().Count() == 5, "all five were reconciled");
        _server.Upsert(Widget.Create("late"));
        await Eventually.TrueAsync(() => probe.Count("default/late") == 1, "the late one was reconciled");
        await Task.Delay(500);

        var replicas = probe.Reconciled.Select(r => r.Replica).Distinct().ToList();
        var leader = Assert.Single(replicas);
        Assert.Equal(1, IsLeading(a) ? MasterStatus(a) : MasterStatus(b));
        Assert.Equal(0, IsLeading(a) ? MasterStatus(b) : MasterStatus(a));
        Assert.NotEqual(IsLeading(a), IsLeading(b));
        Assert.Equal("widgets-leader", _server.List<V1Lease>().Single().Metadata.Name);
        Assert.Equal(leader, _server.List<V1Lease>().Single().Spec.HolderIdentity);
    }

    [Fact]
    public async Task When_the_leader_stops_the_other_replica_takes_over_within_the_lease_duration()
    {
        var probe = new ReconcileProbe();
        var a = await StartReplicaAsync("replica-a", probe);
        await Eventually.TrueAsync(() => IsLeading(a), "a leads");
        await using var b = await StartReplicaAsync("replica-b", probe);
        _server.Upsert(Widget.Create("before"));
        await Eventually.TrueAsync(() => probe.Count("default/before") == 1, "a reconciled");

        await a.DisposeAsync();
        var stopped = Stopwatch.StartNew();
        await Eventually.TrueAsync(() => IsLeading(b), "b leads");
        Assert.True(stopped.Elapsed < LeaseDuration, $"takeover took {stopped.Elapsed}, more than the lease duration");

        _server.Upsert(Widget.Create("after"));
        await Eventually.TrueAsync(() => probe.Count("default/after") == 1, "b reconciled");
        Assert.Equal("replica-b", probe.Reconciled.Single(r => r.Key == "default/after").Replica);
        Assert.Contains(probe.Reconciled, r => r.Key == "default/before" && r.Replica == "replica-b");
    }

    [Fact]
    public async Task A_replica_that_loses_the_Lease_cancels_in_flight_work_and_reconciles_nothing_more()
    {
        var probeA = new ReconcileProbe
        {
            OnReconcile = async (w, ct) =>
            {
                await Task.Delay(Timeout.Infinite, ct);
                return ReconciliationResult<Widget>.Success(w);
            },
        };
        var probeB = new ReconcileProbe();
        var partition = new NetworkPartition();
        await using var a = await StartReplicaAsync("replica-a", probeA, partition);
        await Eventually.TrueAsync(() => IsLeading(a), "a leads");
        await using var b = await StartReplicaAsync("replica-b", probeB);
        _server.Upsert(Widget.Create("slow"));
        await Eventually.TrueAsync(() => probeA.Count("default/slow") == 1, "a started reconciling");

        partition.IsPartitioned = true;

        await Eventually.TrueAsync(() => !IsLeading(a), "a gave up the lease");
        var reconciledByA = probeA.Reconciled.Count;
        await Eventually.TrueAsync(() => probeA.Cancelled.Count == 1, "a's in-flight reconcile was cancelled");
        await Eventually.TrueAsync(() => IsLeading(b), "b took over");
        await Eventually.TrueAsync(() => probeB.Count("default/slow") >= 1, "b resynced and reconciled the key");

        _server.Upsert(Widget.Create("later"));
        await Eventually.TrueAsync(() => probeB.Count("default/later") == 1, "b reconciled new work");
        await Task.Delay(500);
        Assert.Equal(reconciledByA, probeA.Reconciled.Count);
        Assert.Equal(0, MasterStatus(a));
    }

    [Fact]
    public async Task A_replica_that_regains_the_Lease_resyncs_every_key()
    {
        var probe = new ReconcileProbe();
        var partition = new NetworkPartition();
        await using var a = await StartReplicaAsync("replica-a", probe, partition);
        await Eventually.TrueAsync(() => IsLeading(a), "a leads");
        _server.Upsert(Widget.Create("one"));
        _server.Upsert(Widget.Create("two"));
        await Eventually.TrueAsync(() => probe.Count("default/one") == 1 && probe.Count("default/two") == 1, "both were reconciled");

        partition.IsPartitioned = true;
        await Eventually.TrueAsync(() => !IsLeading(a), "a lost the lease");
        partition.IsPartitioned = false;

        await Eventually.TrueAsync(() => IsLeading(a), "a leads again");
        await Eventually.TrueAsync(() => probe.Count("default/one") == 2 && probe.Count("default/two") == 2, "the new term resynced both keys");
    }

    [Fact]
    public void Inconsistent_lease_timings_are_rejected_at_start()
    {
        var builder = new OperatorSettingsBuilder().WithLeaderElection("l", "default", leaseDuration: TimeSpan.FromSeconds(5), renewDeadline: TimeSpan.FromSeconds(10));
        Assert.Throws<ArgumentException>(() => builder.Build());
        Assert.Throws<ArgumentException>(() => new OperatorSettingsBuilder().WithConcurrency(0).Build());
        var defaults = new OperatorSettingsBuilder().Build();
        Assert.Equal((TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2)), (defaults.LeaseDuration, defaults.RenewDeadline, defaults.RetryPeriod));
    }
}
