using System.Diagnostics;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Platform.Operator.Abstractions.Reconciliation;
using Platform.Operator.Runtime.Diagnostics;
using Platform.Operator.Runtime.LeaderElection;
using Platform.Operator.Runtime.Tests.Support;
using Platform.Testing.FakeApi;

namespace Platform.Operator.Runtime.Tests.Integration;

/// <summary>Two runtimes sharing one coordination.k8s.io Lease in the embedded control plane.</summary>
public sealed class SandboxLeaderElectionTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private const string LeaseName = "widgets-leader";
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(3);
    private string _ns = "";

    public async Task InitializeAsync() => _ns = await sandbox.NewNamespaceAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<SandboxOperatorHarness> StartReplicaAsync(string identity, ReconcileProbe probe, params DelegatingHandler[] handlers) =>
        SandboxOperatorHarness.StartAsync(
            sandbox,
            _ns,
            settings: s => s.WithLeaderElection(
                LeaseName,
                _ns,
                identity,
                leaseDuration: LeaseDuration,
                renewDeadline: TimeSpan.FromSeconds(2),
                retryPeriod: TimeSpan.FromMilliseconds(250)),
            probe: probe,
            handlers: handlers);

    private static bool IsLeading(SandboxOperatorHarness replica) => replica.Services.GetRequiredService<LeadershipGate>().IsLeading;

    private static double MasterStatus(SandboxOperatorHarness replica) =>
        replica.Services.GetRequiredService<RuntimeMetrics>().LeaderStatus.WithLabels(LeaseName).Value;

    private string Key(string name) => $"{_ns}/{name}";

    private async Task<string?> HolderAsync() => (await sandbox.Admin.CoordinationV1.ReadNamespacedLeaseAsync(LeaseName, _ns)).Spec.HolderIdentity;

    [Fact]
    public async Task Of_two_replicas_sharing_one_Lease_only_the_leader_reconciles()
    {
        for (var i = 0; i < 5; i++)
        {
            await sandbox.CreateWidgetAsync(Widget.Create($"w{i}", _ns));
        }

        var probe = new ReconcileProbe();
        await using var a = await StartReplicaAsync("replica-a", probe);
        await using var b = await StartReplicaAsync("replica-b", probe);

        await Eventually.TrueAsync(() => probe.Reconciled.Select(r => r.Key).Distinct().Count() == 5, "all five were reconciled");
        await sandbox.CreateWidgetAsync(Widget.Create("late", _ns));
        await Eventually.TrueAsync(() => probe.Count(Key("late")) == 1, "the late one was reconciled");
        await Task.Delay(500);

        var leader = Assert.Single(probe.Reconciled.Select(r => r.Replica).Distinct());
        Assert.NotEqual(IsLeading(a), IsLeading(b));
        Assert.Equal((1d, 0d), IsLeading(a) ? (MasterStatus(a), MasterStatus(b)) : (MasterStatus(b), MasterStatus(a)));
        Assert.Equal(leader, await HolderAsync());
        Assert.Equal(1, probe.Count(Key("late")));
    }

    [Fact]
    public async Task When_the_leader_stops_the_other_replica_takes_over_within_the_lease_duration()
    {
        var probe = new ReconcileProbe();
        var a = await StartReplicaAsync("replica-a", probe);
        await Eventually.TrueAsync(() => IsLeading(a), "a leads");
        await using var b = await StartReplicaAsync("replica-b", probe);
        await sandbox.CreateWidgetAsync(Widget.Create("before", _ns));
        await Eventually.TrueAsync(() => probe.Count(Key("before")) == 1, "a reconciled");

        await a.DisposeAsync();
        var stopped = Stopwatch.StartNew();
        await Eventually.TrueAsync(() => IsLeading(b), "b leads");
        Assert.True(stopped.Elapsed < LeaseDuration, $"takeover took {stopped.Elapsed}, more than the lease duration");
        Assert.Equal("replica-b", await HolderAsync());

        await sandbox.CreateWidgetAsync(Widget.Create("after", _ns));
        await Eventually.TrueAsync(() => probe.Count(Key("after")) == 1, "b reconciled");
        Assert.Equal("replica-b", probe.Reconciled.Single(r => r.Key == Key("after")).Replica);
        Assert.Equal("replica-a", probe.Reconciled.First(r => r.Key == Key("before")).Replica);
        Assert.Contains(probe.Reconciled, r => r.Key == Key("before") && r.Replica == "replica-b");
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
        await sandbox.CreateWidgetAsync(Widget.Create("slow", _ns));
        await Eventually.TrueAsync(() => probeA.Count(Key("slow")) == 1, "a started reconciling");

        partition.IsPartitioned = true;

        await Eventually.TrueAsync(() => !IsLeading(a), "a gave up the lease");
        var reconciledByA = probeA.Reconciled.Count;
        await Eventually.TrueAsync(() => probeA.Cancelled.Count == 1, "a's in-flight reconcile was cancelled");
        await Eventually.TrueAsync(() => IsLeading(b), "b took over");
        await Eventually.TrueAsync(() => probeB.Count(Key("slow")) >= 1, "b resynced and reconciled the key");
        Assert.Equal("replica-b", await HolderAsync());

        await sandbox.CreateWidgetAsync(Widget.Create("later", _ns));
        await Eventually.TrueAsync(() => probeB.Count(Key("later")) == 1, "b reconciled new work");
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
        await sandbox.CreateWidgetAsync(Widget.Create("one", _ns));
        await sandbox.CreateWidgetAsync(Widget.Create("two", _ns));
        await Eventually.TrueAsync(() => probe.Count(Key("one")) == 1 && probe.Count(Key("two")) == 1, "both were reconciled");

        partition.IsPartitioned = true;
        await Eventually.TrueAsync(() => !IsLeading(a), "a lost the lease");
        partition.IsPartitioned = false;

        await Eventually.TrueAsync(() => IsLeading(a), "a leads again");
        await Eventually.TrueAsync(() => probe.Count(Key("one")) == 2 && probe.Count(Key("two")) == 2, "the new term resynced both keys");
        Assert.Equal("replica-a", await HolderAsync());
    }
}
