using k8s;
using System.Text.Json.Nodes;
using Platform.Sandbox.Tests.Infrastructure;

namespace Platform.Sandbox.Tests;

/// <summary>List and watch semantics (API concepts: efficient detection of changes, retrieving large results in chunks).</summary>
public sealed class ListWatchTests : IAsyncLifetime
{
    private readonly SandboxHost _host = new(o =>
    {
        o.RetainedEventsPerResource = 16;
        o.BookmarkInterval = TimeSpan.FromMilliseconds(200);
    });

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private async Task CreateNamespaceAsync(string name) => await _host.PostAsync("/api/v1/namespaces", Objects.Namespace(name));

    [Fact]
    public async Task Label_selectors_support_equality_set_and_existence_operators()
    {
        await CreateNamespaceAsync("labels");
        const string path = "/api/v1/namespaces/labels/configmaps";
        await _host.PostAsync(path, Objects.ConfigMap("a", labels: new JsonObject { ["tier"] = "web", ["env"] = "prod" }));
        await _host.PostAsync(path, Objects.ConfigMap("b", labels: new JsonObject { ["tier"] = "db", ["env"] = "prod" }));
        await _host.PostAsync(path, Objects.ConfigMap("c", labels: new JsonObject { ["tier"] = "web" }));

        async Task<string[]> Names(string selector)
        {
            var (_, list) = await _host.GetAsync($"{path}?labelSelector={Uri.EscapeDataString(selector)}");
            return [.. list!["items"]!.AsArray().Select(i => Objects.Str(i!["metadata"]!["name"]))];
        }

        Assert.Equal(["a", "c"], await Names("tier=web"));
        Assert.Equal(["b"], await Names("tier!=web"));
        Assert.Equal(["a", "b"], await Names("env"));
        Assert.Equal(["c"], await Names("!env"));
        Assert.Equal(["a", "b"], await Names("tier in (web,db),env=prod"));
        Assert.Equal(["b"], await Names("tier notin (web)"));
    }

    [Fact]
    public async Task Field_selectors_filter_on_metadata_name_and_nested_fields()
    {
        await CreateNamespaceAsync("fields");
        await _host.PostAsync("/api/v1/namespaces/fields/pods", Objects.Pod("p1"));
        await _host.PostAsync("/api/v1/namespaces/fields/pods", Objects.Pod("p2"));
        await _host.PostAsync("/api/v1/namespaces/fields/pods/p2/binding", new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Binding", ["metadata"] = new JsonObject { ["name"] = "p2" }, ["target"] = new JsonObject { ["name"] = "n1" },
        });
        var (_, byName) = await _host.GetAsync("/api/v1/namespaces/fields/pods?fieldSelector=metadata.name%3Dp1");
        Assert.Equal("p1", Objects.Str(byName!["items"]![0]!["metadata"]!["name"]));
        Assert.Single(byName["items"]!.AsArray());
        var (_, byNode) = await _host.GetAsync("/api/v1/pods?fieldSelector=spec.nodeName%3Dn1");
        Assert.Equal(["p2"], byNode!["items"]!.AsArray().Select(i => Objects.Str(i!["metadata"]!["name"])));
    }

    [Fact]
    public async Task Pagination_with_limit_and_continue_returns_every_item_once()
    {
        await CreateNamespaceAsync("pages");
        for (var i = 0; i < 7; i++)
        {
            await _host.PostAsync("/api/v1/namespaces/pages/configmaps", Objects.ConfigMap($"cm-{i}"));
        }

        var seen = new List<string>();
        var (_, page) = await _host.GetAsync("/api/v1/namespaces/pages/configmaps?limit=3");
        Assert.Equal(4, page!["metadata"]!["remainingItemCount"]!.GetValue<long>());
        while (true)
        {
            seen.AddRange(page!["items"]!.AsArray().Select(i => Objects.Str(i!["metadata"]!["name"])));
            var next = Objects.Str(page["metadata"]!["continue"]);
            if (next.Length == 0)
            {
                break;
            }

            (_, page) = await _host.GetAsync($"/api/v1/namespaces/pages/configmaps?limit=3&continue={Uri.EscapeDataString(next)}");
        }

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"cm-{i}"), seen);
        var (bad, status) = await _host.GetAsync("/api/v1/namespaces/pages/configmaps?limit=3&continue=garbage!");
        Assert.Equal(400, bad);
        Assert.Equal("BadRequest", Objects.Str(status!["reason"]));
    }

    [Fact]
    public async Task Watch_without_resourceVersion_starts_with_synthetic_ADDED_events_then_follows_changes()
    {
        await CreateNamespaceAsync("w1");
        await _host.PostAsync("/api/v1/namespaces/w1/configmaps", Objects.ConfigMap("existing"));
        await using var watch = await WatchReader.OpenAsync(_host.Http, "/api/v1/namespaces/w1/configmaps?watch=1");
        var first = await watch.NextAsync();
        Assert.Equal("ADDED", Objects.Str(first!["type"]));
        Assert.Equal("existing", Objects.Str(first["object"]!["metadata"]!["name"]));

        await _host.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/w1/configmaps/existing", """{"data":{"k":"2"}}""", "application/merge-patch+json");
        await _host.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/w1/configmaps/existing");
        Assert.Equal("MODIFIED", Objects.Str((await watch.NextAsync())!["type"]));
        Assert.Equal("DELETED", Objects.Str((await watch.NextAsync())!["type"]));
    }

    [Fact]
    public async Task A_namespaced_watch_sees_only_its_namespace()
    {
        // api-concepts: a watch on /api/v1/namespaces/{ns}/configmaps streams changes to objects in that namespace only.
        await CreateNamespaceAsync("wa");
        await CreateNamespaceAsync("wb");
        await using var watch = await WatchReader.OpenAsync(_host.Http, "/api/v1/namespaces/wa/configmaps?watch=1");
        await _host.PostAsync("/api/v1/namespaces/wb/configmaps", Objects.ConfigMap("elsewhere"));
        await _host.PostAsync("/api/v1/namespaces/wa/configmaps", Objects.ConfigMap("here"));

        var first = await watch.NextAsync();
        Assert.Equal("ADDED", Objects.Str(first!["type"]));
        Assert.Equal("here", Objects.Str(first["object"]!["metadata"]!["name"]));
        Assert.Equal("wa", Objects.Str(first["object"]!["metadata"]!["namespace"]));
    }

    [Fact]
    public async Task Watch_from_a_resourceVersion_replays_only_later_changes()
    {
        await CreateNamespaceAsync("w2");
        var (_, a) = await _host.PostAsync("/api/v1/namespaces/w2/configmaps", Objects.ConfigMap("a"));
        await _host.PostAsync("/api/v1/namespaces/w2/configmaps", Objects.ConfigMap("b"));
        var rv = Objects.Str(a!["metadata"]!["resourceVersion"]);
        await using var watch = await WatchReader.OpenAsync(_host.Http, $"/api/v1/namespaces/w2/configmaps?watch=1&resourceVersion={rv}");
        var e = await watch.NextAsync();
        Assert.Equal("ADDED", Objects.Str(e!["type"]));
        Assert.Equal("b", Objects.Str(e["object"]!["metadata"]!["name"]));
    }

    [Fact]
    public async Task Watch_from_a_resourceVersion_older_than_the_retained_window_gets_410_Expired()
    {
        await CreateNamespaceAsync("w3");
        var (_, first) = await _host.PostAsync("/api/v1/namespaces/w3/configmaps", Objects.ConfigMap("old"));
        for (var i = 0; i < 40; i++)
        {
            await _host.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/w3/configmaps/old", "{\"data\":{\"i\":\"" + i + "\"}}", "application/merge-patch+json");
        }

        var rv = Objects.Str(first!["metadata"]!["resourceVersion"]);
        await using var watch = await WatchReader.OpenAsync(_host.Http, $"/api/v1/namespaces/w3/configmaps?watch=1&resourceVersion={rv}");
        var e = await watch.NextAsync();
        Assert.Equal("ERROR", Objects.Str(e!["type"]));
        Assert.Equal(410, e["object"]!["code"]!.GetValue<int>());
        Assert.Equal("Expired", Objects.Str(e["object"]!["reason"]));
    }

    [Fact]
    public async Task Watch_bookmarks_carry_only_the_current_resourceVersion()
    {
        await CreateNamespaceAsync("w4");
        await using var watch = await WatchReader.OpenAsync(_host.Http, "/api/v1/namespaces/w4/configmaps?watch=1&allowWatchBookmarks=true");
        var e = await watch.NextMatchingAsync(x => Objects.Str(x["type"]) == "BOOKMARK");
        Assert.Equal("ConfigMap", Objects.Str(e["object"]!["kind"]));
        Assert.True(long.Parse(Objects.Str(e["object"]!["metadata"]!["resourceVersion"])) > 0);
        Assert.Null(e["object"]!["metadata"]!["name"]);
    }

    [Fact]
    public async Task SendInitialEvents_ends_the_initial_list_with_an_annotated_bookmark()
    {
        await CreateNamespaceAsync("w5");
        await _host.PostAsync("/api/v1/namespaces/w5/configmaps", Objects.ConfigMap("x"));
        await using var watch = await WatchReader.OpenAsync(_host.Http,
            "/api/v1/namespaces/w5/configmaps?watch=1&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan");
        Assert.Equal("ADDED", Objects.Str((await watch.NextAsync())!["type"]));
        var bookmark = await watch.NextAsync();
        Assert.Equal("BOOKMARK", Objects.Str(bookmark!["type"]));
        Assert.Equal("true", Objects.Str(bookmark["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]));
    }

    [Fact]
    public async Task Watch_ends_after_timeoutSeconds()
    {
        await CreateNamespaceAsync("w6");
        await using var watch = await WatchReader.OpenAsync(_host.Http, "/api/v1/namespaces/w6/configmaps?watch=1&timeoutSeconds=1");
        Assert.Null(await watch.NextAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Watch_with_a_label_selector_reports_objects_leaving_the_selection_as_DELETED()
    {
        await CreateNamespaceAsync("w7");
        await _host.PostAsync("/api/v1/namespaces/w7/configmaps", Objects.ConfigMap("sel", labels: new JsonObject { ["app"] = "x" }));
        await using var watch = await WatchReader.OpenAsync(_host.Http, "/api/v1/namespaces/w7/configmaps?watch=1&labelSelector=app%3Dx");
        Assert.Equal("ADDED", Objects.Str((await watch.NextAsync())!["type"]));
        await _host.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/w7/configmaps/sel", """{"metadata":{"labels":{"app":"y"}}}""", "application/merge-patch+json");
        Assert.Equal("DELETED", Objects.Str((await watch.NextAsync())!["type"]));
        await _host.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/w7/configmaps/sel", """{"metadata":{"labels":{"app":"x"}}}""", "application/merge-patch+json");
        Assert.Equal("ADDED", Objects.Str((await watch.NextAsync())!["type"]));
    }

    [Fact]
    public async Task The_official_client_lists_and_watches()
    {
        await CreateNamespaceAsync("w8");
        await _host.PostAsync("/api/v1/namespaces/w8/configmaps", Objects.ConfigMap("typed"));
        var list = await _host.Client.CoreV1.ListNamespacedConfigMapAsync("w8");
        Assert.Equal("typed", Assert.Single(list.Items).Metadata.Name);

        var events = System.Threading.Channels.Channel.CreateUnbounded<(k8s.WatchEventType, k8s.Models.V1ConfigMap)>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var watching = Task.Run(async () =>
        {
            await foreach (var (type, item) in _host.Client.CoreV1.WatchListNamespacedConfigMapAsync("w8", resourceVersion: list.Metadata.ResourceVersion, cancellationToken: cts.Token))
            {
                await events.Writer.WriteAsync((type, item));
            }
        });
        await _host.Client.CoreV1.CreateNamespacedConfigMapAsync(new k8s.Models.V1ConfigMap { Metadata = new k8s.Models.V1ObjectMeta { Name = "via-client" } }, "w8");
        var (eventType, cm) = await events.Reader.ReadAsync(cts.Token);
        Assert.Equal(k8s.WatchEventType.Added, eventType);
        Assert.Equal("via-client", cm.Metadata.Name);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => watching);
    }
}
