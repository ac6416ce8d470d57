using System.Globalization;
using System.Text.Json.Nodes;
using Platform.Sandbox.Tests.Infrastructure;
using Platform.Testing.Polling;

namespace Platform.Sandbox.Tests;

/// <summary>
/// Graceful pod deletion as the API server does it (Pod Lifecycle, "Termination of Pods"): a bound pod is kept
/// with deletionTimestamp and deletionGracePeriodSeconds until its kubelet's final DELETE. Here nothing plays
/// the kubelet of "kubelet-node" (it has a Lease but no kubelet runs), so every step is observable.
/// </summary>
public sealed class GracefulPodDeletionTests : IAsyncLifetime
{
    private const string Pods = "/api/v1/namespaces/default/pods";
    private const string KubeletNode = "kubelet-node";
    private readonly SandboxHost _host = new(o => o.Nodes = 1);

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        await _host.PostAsync("/api/v1/nodes", new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Node", ["metadata"] = new JsonObject { ["name"] = KubeletNode } });
        await _host.PostAsync("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases", new JsonObject
        {
            ["apiVersion"] = "coordination.k8s.io/v1",
            ["kind"] = "Lease",
            ["metadata"] = new JsonObject { ["name"] = KubeletNode },
            ["spec"] = new JsonObject { ["holderIdentity"] = KubeletNode, ["leaseDurationSeconds"] = 40 },
        });
    }

    public Task DisposeAsync() => _host.DisposeAsync();

    private async Task<JsonObject> CreatePodAsync(string name, string node = KubeletNode, long? terminationGrace = null, string ns = "default", JsonArray? finalizers = null)
    {
        var pod = Objects.Pod(name);
        pod["spec"]!["nodeName"] = node.Length == 0 ? null : node;
        if (terminationGrace is { } g)
        {
            pod["spec"]!["terminationGracePeriodSeconds"] = g;
        }

        if (finalizers is not null)
        {
            pod["metadata"]!["finalizers"] = finalizers;
        }

        var (code, created) = await _host.PostAsync($"/api/v1/namespaces/{ns}/pods", pod);
        Assert.True(code == 201, created?.ToJsonString());
        return created!;
    }

    private Task<(int Code, JsonObject? Body)> DeleteAsync(string name, string? options = null, string query = "") =>
        _host.SendAsync(HttpMethod.Delete, $"{Pods}/{name}{query}", options);

    private static DateTimeOffset DeletionTimestamp(JsonObject pod) =>
        DateTimeOffset.Parse(Objects.Str(pod["metadata"]!["deletionTimestamp"]), CultureInfo.InvariantCulture);

    private static long Grace(JsonObject pod) => pod["metadata"]!["deletionGracePeriodSeconds"]!.GetValue<long>();

    [Fact]
    public async Task A_bound_pod_is_kept_with_deletionTimestamp_at_the_end_of_its_terminationGracePeriodSeconds()
    {
        var created = await CreatePodAsync("graceful", terminationGrace: 45);
        var before = DateTimeOffset.UtcNow;

        var (code, deleted) = await DeleteAsync("graceful");

        Assert.Equal(200, code);
        Assert.Equal(45, Grace(deleted!));
        var deadline = DeletionTimestamp(deleted!);
        Assert.InRange(deadline, before.AddSeconds(44), DateTimeOffset.UtcNow.AddSeconds(46));
        Assert.Equal(created["metadata"]!["generation"]!.GetValue<long>() + 1, deleted!["metadata"]!["generation"]!.GetValue<long>());
        var (read, stored) = await _host.GetAsync($"{Pods}/graceful");
        Assert.Equal(200, read);
        Assert.Equal(45, Grace(stored!));
    }

    [Fact]
    public async Task GracePeriodSeconds_from_the_body_or_query_overrides_the_pod_default_of_30()
    {
        await CreatePodAsync("defaulted");
        await CreatePodAsync("by-body", terminationGrace: 120);
        await CreatePodAsync("by-query", terminationGrace: 120);

        Assert.Equal(30, Grace((await DeleteAsync("defaulted")).Body!));
        Assert.Equal(10, Grace((await DeleteAsync("by-body", "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"gracePeriodSeconds\":10}")).Body!));
        Assert.Equal(7, Grace((await DeleteAsync("by-query", query: "?gracePeriodSeconds=7")).Body!));
    }

    [Fact]
    public async Task A_second_delete_may_only_shorten_the_grace_period()
    {
        await CreatePodAsync("shorten", terminationGrace: 60);
        var (_, first) = await DeleteAsync("shorten");

        var (longerCode, longer) = await DeleteAsync("shorten", "{\"gracePeriodSeconds\":100}");
        Assert.Equal(200, longerCode);
        Assert.Equal(60, Grace(longer!));
        Assert.Equal(Objects.Str(first!["metadata"]!["resourceVersion"]), Objects.Str(longer!["metadata"]!["resourceVersion"]));

        var (_, shorter) = await DeleteAsync("shorten", "{\"gracePeriodSeconds\":20}");
        Assert.Equal(20, Grace(shorter!));
        Assert.Equal(DeletionTimestamp(first).AddSeconds(-40), DeletionTimestamp(shorter!));
        Assert.Equal(200, (await _host.GetAsync($"{Pods}/shorten")).Code);
    }

    [Fact]
    public async Task The_kubelets_final_delete_with_grace_0_removes_the_pod()
    {
        var created = await CreatePodAsync("final");
        await DeleteAsync("final");

        var (code, _) = await DeleteAsync("final", $"{{\"gracePeriodSeconds\":0,\"preconditions\":{{\"uid\":\"{Objects.Str(created["metadata"]!["uid"])}\"}}}}");

        Assert.Equal(200, code);
        Assert.Equal(404, (await _host.GetAsync($"{Pods}/final")).Code);
    }

    [Theory]
    [InlineData("unbound", "", null)]
    [InlineData("grace-zero", KubeletNode, "{\"gracePeriodSeconds\":0}")]
    [InlineData("grace-zero-query", KubeletNode, null)]
    public async Task Unbound_pods_and_grace_period_zero_are_removed_at_once(string name, string node, string? options)
    {
        await CreatePodAsync(name, node);

        var (code, _) = await DeleteAsync(name, options, name == "grace-zero-query" ? "?gracePeriodSeconds=0" : "");

        Assert.Equal(200, code);
        Assert.Equal(404, (await _host.GetAsync($"{Pods}/{name}")).Code);
    }

    [Fact]
    public async Task A_terminated_pod_is_removed_at_once()
    {
        await CreatePodAsync("finished");
        var (patched, _) = await _host.SendAsync(HttpMethod.Patch, $"{Pods}/finished/status", "{\"status\":{\"phase\":\"Succeeded\"}}", "application/merge-patch+json");
        Assert.Equal(200, patched);

        await DeleteAsync("finished");

        Assert.Equal(404, (await _host.GetAsync($"{Pods}/finished")).Code);
    }

    [Fact]
    public async Task Removing_the_last_finalizer_during_the_grace_period_keeps_the_pod_until_the_final_delete()
    {
        await CreatePodAsync("held", finalizers: new JsonArray("example.com/hold"));
        await DeleteAsync("held");

        var (patched, _) = await _host.SendAsync(HttpMethod.Patch, $"{Pods}/held", "{\"metadata\":{\"finalizers\":null}}", "application/merge-patch+json");
        Assert.Equal(200, patched);
        Assert.Equal(200, (await _host.GetAsync($"{Pods}/held")).Code);

        await DeleteAsync("held", "{\"gracePeriodSeconds\":0}");
        Assert.Equal(404, (await _host.GetAsync($"{Pods}/held")).Code);
    }

    [Fact]
    public async Task A_final_delete_while_a_finalizer_remains_waits_for_the_finalizer()
    {
        await CreatePodAsync("held-final", finalizers: new JsonArray("example.com/hold"));
        await DeleteAsync("held-final");

        var (_, marked) = await DeleteAsync("held-final", "{\"gracePeriodSeconds\":0}");
        Assert.Equal(0, Grace(marked!));
        Assert.Equal(200, (await _host.GetAsync($"{Pods}/held-final")).Code);

        await _host.SendAsync(HttpMethod.Patch, $"{Pods}/held-final", "{\"metadata\":{\"finalizers\":null}}", "application/merge-patch+json");
        Assert.Equal(404, (await _host.GetAsync($"{Pods}/held-final")).Code);
    }

    [Fact]
    public async Task Watchers_see_the_pod_marked_then_deleted()
    {
        var created = await CreatePodAsync("watched");
        var rv = Objects.Str(created["metadata"]!["resourceVersion"]);
        await using var watch = await WatchReader.OpenAsync(_host.Http, $"{Pods}?watch=true&fieldSelector=metadata.name%3Dwatched&resourceVersion={rv}");

        await DeleteAsync("watched", "{\"gracePeriodSeconds\":15}");
        await DeleteAsync("watched", "{\"gracePeriodSeconds\":0}");

        var marked = (await watch.NextAsync())!;
        Assert.Equal("MODIFIED", Objects.Str(marked["type"]));
        Assert.Equal(15, marked["object"]!["metadata"]!["deletionGracePeriodSeconds"]!.GetValue<long>());
        Assert.Equal("DELETED", Objects.Str((await watch.NextAsync())!["type"]));
    }

    [Fact]
    public async Task Pods_on_a_node_without_a_kubelet_or_on_no_node_are_force_deleted_by_pod_garbage_collection()
    {
        await CreatePodAsync("static-node", "sandbox-node-1");
        await CreatePodAsync("no-node", "vanished-node");

        Assert.Equal(200, (await DeleteAsync("static-node")).Code);
        Assert.Equal(200, (await DeleteAsync("no-node")).Code);

        await Eventually.TrueAsync(async () => (await _host.GetAsync($"{Pods}/static-node")).Code == 404, "pod on a kubelet-less node removed");
        await Eventually.TrueAsync(async () => (await _host.GetAsync($"{Pods}/no-node")).Code == 404, "orphaned pod removed");
    }

    [Fact]
    public async Task Deleting_a_node_lets_pod_garbage_collection_finish_its_terminating_pods()
    {
        await _host.PostAsync("/api/v1/nodes", new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Node", ["metadata"] = new JsonObject { ["name"] = "doomed-node" } });
        await _host.PostAsync("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases", new JsonObject
        {
            ["apiVersion"] = "coordination.k8s.io/v1", ["kind"] = "Lease", ["metadata"] = new JsonObject { ["name"] = "doomed-node" },
        });
        await CreatePodAsync("stranded", "doomed-node");
        await DeleteAsync("stranded");
        Assert.Equal(200, (await _host.GetAsync($"{Pods}/stranded")).Code);

        await _host.SendAsync(HttpMethod.Delete, "/api/v1/nodes/doomed-node");

        await Eventually.TrueAsync(async () => (await _host.GetAsync($"{Pods}/stranded")).Code == 404, "pod of a deleted node removed");
    }

    [Fact]
    public async Task Namespace_deletion_completes_when_its_pods_sit_on_kubelet_less_nodes()
    {
        await _host.PostAsync("/api/v1/namespaces", Objects.Namespace("graceful-ns"));
        await CreatePodAsync("a", "sandbox-node-1", ns: "graceful-ns");
        await CreatePodAsync("b", "", ns: "graceful-ns");

        await _host.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/graceful-ns");

        await Eventually.TrueAsync(async () => (await _host.GetAsync("/api/v1/namespaces/graceful-ns")).Code == 404, "namespace removed");
    }
}
