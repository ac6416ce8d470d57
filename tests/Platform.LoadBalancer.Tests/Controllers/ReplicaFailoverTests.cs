using System.Collections.Concurrent;
using k8s;
using k8s.Models;

namespace Platform.LoadBalancer.Tests.Controllers;

/// <summary>Restart safety and leader failover: assignments survive, and no address is ever held by two Services.</summary>
public sealed class ReplicaFailoverTests
{
    private const string Pool = """
        apiVersion: metallb.io/v1beta1
        kind: IPAddressPool
        metadata:
          name: first-pool
          namespace: metallb-system
        spec:
          addresses:
          - 192.168.10.0/24
        """;

    [Fact]
    public async Task ControllerRestart_KeepsEveryAssignment_AndTheOlderServiceKeepsAContestedAddress()
    {
        await using var plane = await ControlPlane.StartAsync();
        var first = await ControllerReplica.StartAsync(plane, "replica-a");
        await plane.ApplyAsync(Pool);

        // Requested addresses leave holes, so a rebuild that re-allocated instead of re-claiming would show.
        await plane.CreateServiceAsync("s0", new Dictionary<string, string> { ["metallb.io/loadBalancerIPs"] = "192.168.10.7" });
        for (var i = 1; i < 5; i++)
        {
            await plane.CreateServiceAsync($"s{i}");
        }

        var before = await AllAssignedAsync(plane, 5);
        await first.StopAsync();

        // While no controller runs: a newer Service claims an address already held (e.g. restored from a backup),
        // and two more Services arrive.
        await plane.CreateServiceAsync("usurper");
        await plane.Client.CoreV1.PatchNamespacedServiceStatusAsync(
            new V1Patch("""{"status":{"loadBalancer":{"ingress":[{"ip":"192.168.10.7"}]}}}""", V1Patch.PatchType.MergePatch), "usurper", "apps");
        await plane.CreateServiceAsync("late1");
        await plane.CreateServiceAsync("late2");

        await using var second = await ControllerReplica.StartAsync(plane, "replica-b");
        var after = await AllAssignedAsync(plane, 8);
        foreach (var (name, ip) in before)
        {
            Assert.Equal(ip, after[name]);
        }

        Assert.Equal("192.168.10.7", after["s0"]);
        Assert.NotEqual("192.168.10.7", after["usurper"]);
        Assert.Equal(after.Count, after.Values.Distinct().Count());
        await Eventually.MatchAsync(() => plane.EventsForAsync("usurper"), e => e.Any(x => x.Reason == "ClearAssignment"), "the usurper gets ClearAssignment");
    }

    [Fact]
    public async Task TwoReplicas_LeaderFailoverWhileServicesAreCreated_NoAddressEverHeldByTwoServices()
    {
        await using var plane = await ControlPlane.StartAsync();
        await plane.ApplyAsync(Pool);
        var replicas = new Dictionary<string, ControllerReplica>(StringComparer.Ordinal)
        {
            ["replica-a"] = await ControllerReplica.StartAsync(plane, "replica-a"),
            ["replica-b"] = await ControllerReplica.StartAsync(plane, "replica-b"),
        };
        try
        {
            var violations = new ConcurrentBag<string>();
            using var stop = new CancellationTokenSource();
            var monitor = Task.Run(() => MonitorAsync(plane, violations, stop.Token));

            const int total = 40;
            for (var i = 0; i < total; i++)
            {
                await plane.CreateServiceAsync($"svc-{i:D2}");
                if (i == 15)
                {
                    var lease = await plane.Client.CoordinationV1.ReadNamespacedLeaseAsync("platform-controller-leader", "default");
                    var leader = lease.Spec.HolderIdentity;
                    Assert.True(replicas.ContainsKey(leader), $"a replica holds the Lease (holder: '{leader}')");
                    await replicas[leader].StopAsync();
                }

                await Task.Delay(40);
            }

            var assigned = await AllAssignedAsync(plane, total, timeoutSeconds: 60);
            await stop.CancelAsync();
            await monitor;
            Assert.Empty(violations);
            Assert.Equal(total, assigned.Values.Distinct().Count());
        }
        finally
        {
            foreach (var replica in replicas.Values)
            {
                await replica.StopAsync();
            }
        }
    }

    [Fact]
    public async Task LeaderRegainingTheLease_RebuildsFromStatus_InsteadOfTrustingWhatItKnewBefore()
    {
        await using var plane = await ControlPlane.StartAsync();
        await plane.ApplyAsync(Pool);
        await using var replica = await ControllerReplica.StartAsync(plane, "replica-a");
        await plane.CreateServiceAsync("s1");
        await AllAssignedAsync(plane, 1);

        // Another holder takes the Lease for a while; meanwhile three Services arrive and then "its" controller
        // gives a fourth 192.168.10.1 — an address replica-a still believes is free.
        await StealLeaseAsync(plane, "ghost", TimeSpan.FromSeconds(6));
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        var violations = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var monitor = Task.Run(() => MonitorAsync(plane, violations, stop.Token));
        for (var i = 0; i < 3; i++)
        {
            await plane.CreateServiceAsync($"fresh{i}");
        }

        await plane.CreateServiceAsync("foreign");
        await plane.Client.CoreV1.PatchNamespacedServiceStatusAsync(
            new V1Patch("""{"status":{"loadBalancer":{"ingress":[{"ip":"192.168.10.1"}]}}}""", V1Patch.PatchType.MergePatch), "foreign", "apps");

        // The ghost's Lease expires and replica-a leads again.
        var assigned = await AllAssignedAsync(plane, 5);
        await stop.CancelAsync();
        await monitor;
        Assert.Empty(violations);
        Assert.Equal("192.168.10.0", assigned["s1"]);
        Assert.Equal("192.168.10.1", assigned["foreign"]);
        Assert.Equal(["192.168.10.2", "192.168.10.3", "192.168.10.4"], assigned.Where(a => a.Key.StartsWith("fresh", StringComparison.Ordinal)).Select(a => a.Value).Order(StringComparer.Ordinal));
    }

    private static async Task StealLeaseAsync(ControlPlane plane, string holder, TimeSpan duration)
    {
        for (var attempt = 0; ; attempt++)
        {
            var lease = await plane.Client.CoordinationV1.ReadNamespacedLeaseAsync("platform-controller-leader", "default");
            lease.Spec.HolderIdentity = holder;
            lease.Spec.LeaseDurationSeconds = (int)duration.TotalSeconds;
            lease.Spec.AcquireTime = DateTime.UtcNow;
            lease.Spec.RenewTime = DateTime.UtcNow;
            try
            {
                await plane.Client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, "platform-controller-leader", "default");
                return;
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict && attempt < 20)
            {
                // The leader renewed in between: read again.
            }
        }
    }

    private static async Task MonitorAsync(ControlPlane plane, ConcurrentBag<string> violations, CancellationToken cancellationToken)
    {
        using var client = plane.Server.CreateClient();
        while (!cancellationToken.IsCancellationRequested)
        {
            var services = (await client.CoreV1.ListNamespacedServiceAsync("apps", cancellationToken: CancellationToken.None)).Items;
            foreach (var clash in services
                .SelectMany(s => ControlPlane.Ingress(s).Select(ip => (ip, s.Metadata.Name)))
                .GroupBy(x => x.ip)
                .Where(g => g.Count() > 1))
            {
                violations.Add($"{clash.Key} held by {string.Join(", ", clash.Select(x => x.Name))}");
            }

            try
            {
                await Task.Delay(25, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<Dictionary<string, string>> AllAssignedAsync(ControlPlane plane, int count, int timeoutSeconds = 30)
    {
        var services = await Eventually.MatchAsync(
            () => plane.ListServicesAsync(),
            list => list.Count == count && list.All(s => ControlPlane.Ingress(s).Count == 1),
            $"all {count} Services have an address",
            timeoutSeconds);
        return services.ToDictionary(s => s.Metadata.Name, s => ControlPlane.Ingress(s)[0], StringComparer.Ordinal);
    }
}
