using System.Collections.Concurrent;
using System.Net;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Operator.Abstractions.Builder;
using Platform.Operator.Runtime.Client;
using Platform.Operator.Runtime.Diagnostics;
using Platform.Operator.Runtime.Informers;
using Platform.Operator.Runtime.Tests.Support;
using Platform.Testing.FakeApi;

namespace Platform.Operator.Runtime.Tests.Informers;

public sealed class ResourceInformerTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _running = [];
    private FakeKubeApiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeKubeApiServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_running);
        await _server.DisposeAsync();
        _stop.Dispose();
    }

    private (ResourceInformer<TEntity> Informer, RuntimeMetrics Metrics, ConcurrentQueue<InformerEvent<TEntity>> Events) Start<TEntity>(
        Func<OperatorSettings, OperatorSettings>? configure = null,
        string? labelSelector = null,
        IEnumerable<IndexRegistration<TEntity>>? indexes = null)
        where TEntity : IKubernetesObject<V1ObjectMeta>
    {
        var settings = OperatorHarness.Fast(new OperatorSettings());
        settings = configure?.Invoke(settings) ?? settings;
        var metrics = new RuntimeMetrics();
        var informer = new ResourceInformer<TEntity>(
            new ApiTransport(_server.CreateClient(), settings), settings, metrics, NullLogger.Instance, TimeProvider.System, indexes, labelSelector);
        var events = new ConcurrentQueue<InformerEvent<TEntity>>();
        informer.Subscribe(events.Enqueue);
        _running.Add(Task.Run(() => informer.RunAsync(_stop.Token)));
        return (informer, metrics, events);
    }

    private Task WatchOpenAsync(int atLeast = 1) => Eventually.TrueAsync(() => _server.OpenWatches >= atLeast, "a watch is open");

    private int WatchRequests => _server.Requests.Count(r => r.IsWatch);

    [Fact]
    public async Task It_lists_then_watches_and_applies_adds_updates_and_deletes()
    {
        _server.Upsert(Widget.Create("a"));
        var (informer, _, events) = Start<Widget>();

        await Eventually.TrueAsync(() => informer.HasSynced, "the informer synced");
        Assert.NotNull(informer.Store.Get("default", "a"));
        await WatchOpenAsync();

        _server.Upsert(Widget.Create("b"));
        _server.Upsert(Widget.Create("a", size: "large"));
        _server.Delete<Widget>("default", "b");

        await Eventually.TrueAsync(() => events.Count >= 4, "four events arrived");
        Assert.Equal([WatchEventType.Added, WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted], events.Select(e => e.Type));
        Assert.Equal("large", informer.Store.Get("default", "a")!.Spec.Size);
        Assert.Null(informer.Store.Get("default", "b"));
        Assert.Equal(_server.ResourceVersion, informer.ResourceVersion);

        var watch = _server.Requests.First(r => r.IsWatch);
        Assert.Contains("allowWatchBookmarks=true", watch.Query, StringComparison.Ordinal);
        Assert.Contains("resourceVersion=", watch.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_410_Gone_it_relists_and_replays_the_difference()
    {
        _server.Upsert(Widget.Create("keep"));
        _server.Upsert(Widget.Create("change"));
        _server.Upsert(Widget.Create("remove"));
        var (informer, metrics, events) = Start<Widget>();
        await Eventually.TrueAsync(() => informer.HasSynced, "the informer synced");
        await WatchOpenAsync();
        events.Clear();

        // Changes the informer never sees on its watch, then history is compacted away.
        _server.StallWatches();
        _server.Upsert(Widget.Create("change", size: "huge"));
        _server.Delete<Widget>("default", "remove");
        _server.Upsert(Widget.Create("new"));
        _server.Compact();
        _server.CloseWatches();

        await Eventually.TrueAsync(() => informer.Store.Get("default", "new") is not null && informer.Store.Get("default", "remove") is null, "the re-list replaced the cache");
        Assert.Equal(2, metrics.Relists.WithLabels("widgets.test.platform.io").Value);
        Assert.Equal(1, metrics.WatchErrors.WithLabels("widgets.test.platform.io", "410").Value);
        Assert.Equal("huge", informer.Store.Get("default", "change")!.Spec.Size);
        var replayed = events.Select(e => (e.Type, e.Object.Metadata.Name)).OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        Assert.Equal([(WatchEventType.Modified, "change"), (WatchEventType.Added, "new"), (WatchEventType.Deleted, "remove")], replayed);
    }

    [Fact]
    public async Task It_resumes_from_the_bookmarked_resource_version()
    {
        var (informer, _, _) = Start<Widget>();
        await Eventually.TrueAsync(() => informer.HasSynced, "the informer synced");
        await WatchOpenAsync();

        _server.AdvanceResourceVersion(25);
        _server.SendBookmarks();
        var bookmark = _server.ResourceVersion;
        await Eventually.TrueAsync(() => informer.ResourceVersion == bookmark, "the bookmark was applied");

        _server.CloseWatches();
        await Eventually.TrueAsync(() => WatchRequests >= 2, "the watch was re-opened");
        var resumed = _server.Requests.Where(r => r.IsWatch).ElementAt(1);
        Assert.Contains($"resourceVersion={bookmark}", resumed.Query, StringComparison.Ordinal);
        Assert.Equal(1, _server.Requests.Count(r => !r.IsWatch && r.Method == "GET"));
    }

    [Fact]
    public async Task It_reconnects_after_dropped_connections_and_server_errors()
    {
        var (informer, metrics, _) = Start<Widget>();
        await Eventually.TrueAsync(() => informer.HasSynced, "the informer synced");
        await WatchOpenAsync();

        _server.FailNext(2, HttpStatusCode.InternalServerError, r => r.IsWatch);
        _server.FailNext(1, HttpStatusCode.TooManyRequests, r => r.IsWatch);
        _server.CloseWatches();
        _server.Upsert(Widget.Create("after-drop"));

        await Eventually.TrueAsync(() => informer.Store.Get("default", "after-drop") is not null, "the informer caught up after reconnecting");
        Assert.Equal(2, metrics.WatchErrors.WithLabels("widgets.test.platform.io", "5xx").Value);
        Assert.Equal(1, metrics.WatchErrors.WithLabels("widgets.test.platform.io", "429").Value);
        Assert.Equal(1, metrics.Relists.WithLabels("widgets.test.platform.io").Value);
    }

    [Fact]
    public async Task A_failing_initial_list_is_retried_until_it_succeeds()
    {
        _server.Upsert(Widget.Create("a"));
        _server.FailNext(3, HttpStatusCode.ServiceUnavailable, r => !r.IsWatch);
        var (informer, metrics, _) = Start<Widget>();

        await Eventually.TrueAsync(() => informer.HasSynced, "the informer synced despite failures");
        Assert.NotNull(informer.Store.Get("default", "a"));
        Assert.Equal(3, metrics.WatchErrors.WithLabels("widgets.test.platform.io", "5xx").Value);
    }

    [Fact]
    public async Task The_watchdog_recycles_a_silent_watch()
    {
        var (informer, metrics, _) = Start<Widget>(s => s with { WatchdogTimeout = TimeSpan.FromMilliseconds(400) });
        await Eventually.TrueAsync(() => informer.HasSynced, "the informer synced");
        await WatchOpenAsync();

        _server.StallWatches();
        _server.Upsert(Widget.Create("missed-by-dead-watch"));

        await Eventually.TrueAsync(() => informer.Store.Get("default", "missed-by-dead-watch") is not null, "the recycled watch delivered the change");
        Assert.True(metrics.WatchErrors.WithLabels("widgets.test.platform.io", "watchdog").Value >= 1);
        Assert.Equal(1, metrics.Relists.WithLabels("widgets.test.platform.io").Value);
    }

    [Fact]
    public async Task Malformed_events_are_skipped_counted_and_the_watch_goes_on()
    {
        var (informer, metrics, _) = Start<Widget>();
        await Eventually.TrueAsync(() => informer.HasSynced, "the informer synced");
        await WatchOpenAsync();

        _server.SendRawWatchLine("{not json at all");
        _server.SendRawWatchLine("""{"type":"ADDED","object":{"kind":"Widget","metadata":{"name":"bad","namespace":"default","creationTimestamp":"yesterday"}}}""");
        _server.SendRawWatchLine("""{"type":"SURPRISE","object":{}}""");
        _server.SendRawWatchLine("""{"type":"ADDED","object":{"kind":"Widget","metadata":{"namespace":"default"}}}""");
        _server.Upsert(Widget.Create("good"));

        await Eventually.TrueAsync(() => informer.Store.Get("default", "good") is not null, "the good event after the bad ones arrived");
        Assert.Equal(4, metrics.MalformedEvents.WithLabels("widgets.test.platform.io").Value);
        Assert.Null(informer.Store.Get("default", "bad"));
        Assert.Equal(1, WatchRequests);
    }

    [Fact]
    public async Task A_label_selector_limits_what_is_cached()
    {
        _server.Upsert(Widget.Create("mine", labels: new Dictionary<string, string> { ["team"] = "a" }));
        _server.Upsert(Widget.Create("theirs", labels: new Dictionary<string, string> { ["team"] = "b" }));
        var (informer, _, _) = Start<Widget>(labelSelector: "team=a");
        await Eventually.TrueAsync(() => informer.HasSynced, "the informer synced");
        await WatchOpenAsync();

        _server.Upsert(Widget.Create("mine-too", labels: new Dictionary<string, string> { ["team"] = "a" }));
        _server.Upsert(Widget.Create("theirs-too", labels: new Dictionary<string, string> { ["team"] = "b" }));

        await Eventually.TrueAsync(() => informer.Store.Get("default", "mine-too") is not null, "the matching object arrived");
        Assert.Equal(["mine", "mine-too"], informer.Store.List().Select(w => w.Metadata.Name).Order(StringComparer.Ordinal));
        Assert.All(_server.Requests, r => Assert.Contains("labelSelector=team%3Da", r.Query, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Built_in_kinds_use_the_core_api_path()
    {
        _server.Upsert(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings", NamespaceProperty = "kube-system" }, Data = new Dictionary<string, string> { ["k"] = "v" } });
        var (informer, _, _) = Start<V1ConfigMap>();

        await Eventually.TrueAsync(() => informer.HasSynced, "the informer synced");
        Assert.Equal("v", informer.Store.Get("kube-system", "settings")!.Data["k"]);
        Assert.Equal("/api/v1/configmaps", _server.Requests[0].Path);
        Assert.Single(informer.Store.List("kube-system"));
        Assert.Empty(informer.Store.List("default"));
    }

    [Fact]
    public async Task A_late_subscriber_first_sees_the_existing_objects()
    {
        _server.Upsert(Widget.Create("a"));
        _server.Upsert(Widget.Create("b"));
        var (informer, _, _) = Start<Widget>();
        await Eventually.TrueAsync(() => informer.HasSynced, "the informer synced");

        var late = new List<InformerEvent<Widget>>();
        using var subscription = informer.Subscribe(late.Add);

        Assert.Equal(2, late.Count);
        Assert.All(late, e => Assert.Equal(WatchEventType.Added, e.Type));
    }

    [Fact]
    public async Task Named_indexes_follow_updates()
    {
        var index = new IndexRegistration<Widget>("size", w => [w.Spec.Size ?? ""]);
        _server.Upsert(Widget.Create("a", size: "small"));
        _server.Upsert(Widget.Create("b", size: "large"));
        var (informer, _, _) = Start<Widget>(indexes: [index]);
        await Eventually.TrueAsync(() => informer.HasSynced, "the informer synced");
        await WatchOpenAsync();

        Assert.Equal("a", Assert.Single(informer.Store.ByIndex("size", "small")).Metadata.Name);
        _server.Upsert(Widget.Create("a", size: "large"));

        await Eventually.TrueAsync(() => informer.Store.ByIndex("size", "large").Count == 2, "the index moved a");
        Assert.Empty(informer.Store.ByIndex("size", "small"));
        Assert.Throws<ArgumentException>(() => informer.Store.ByIndex("colour", "red"));
    }
}
