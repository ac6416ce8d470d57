using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Operator.Abstractions.Builder;
using Platform.Operator.Runtime.Client;
using Platform.Operator.Runtime.Diagnostics;
using Platform.Operator.Runtime.Informers;
using Platform.Operator.Runtime.Tests.Support;
using Platform.Sandbox.Faults;
using Platform.Testing.FakeApi;

namespace Platform.Operator.Runtime.Tests.Integration;

/// <summary>The informer against the embedded control plane: list, watch, 410, reconnects, server errors.</summary>
public sealed class SandboxInformerTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private const string Widgets = "widgets.test.platform.io";
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _running = [];
    private readonly RecordingHandler _recorder = new();
    private string _ns = "";

    public async Task InitializeAsync() => _ns = await sandbox.NewNamespaceAsync();

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_running);
        sandbox.Server.Faults.Reset();
        _stop.Dispose();
    }

    private (ResourceInformer<TEntity> Informer, RuntimeMetrics Metrics, ConcurrentQueue<InformerEvent<TEntity>> Events) Start<TEntity>(
        NetworkPartition? partition = null,
        string? labelSelector = null)
        where TEntity : IKubernetesObject<V1ObjectMeta>
    {
        var settings = OperatorHarness.Fast(new OperatorSettings()) with { Namespace = _ns };
        var metrics = new RuntimeMetrics();
        DelegatingHandler[] handlers = partition is null ? [_recorder] : [partition, _recorder];
        var informer = new ResourceInformer<TEntity>(
            new ApiTransport(sandbox.CreateClient(handlers), settings), settings, metrics, NullLogger.Instance, TimeProvider.System, labelSelector: labelSelector);
        var events = new ConcurrentQueue<InformerEvent<TEntity>>();
        informer.Subscribe(events.Enqueue);
        _running.Add(Task.Run(() => informer.RunAsync(_stop.Token)));
        return (informer, metrics, events);
    }

    private List<(string Method, string Path, string Query, string? ContentType)> Watches =>
        [.. _recorder.Requests.Where(r => r.Query.Contains("watch=1", StringComparison.Ordinal))];

    private List<(string Method, string Path, string Query, string? ContentType)> Lists =>
        [.. _recorder.Requests.Where(r => r.Method == "GET" && !r.Query.Contains("watch=1", StringComparison.Ordinal))];

    private async Task SyncedAndWatchingAsync(IResourceInformer informer, int watches = 1)
    {
        await Eventually.TrueAsync(() => informer.HasSynced, "the informer synced");
        await Eventually.TrueAsync(() => Watches.Count >= watches, "a watch was opened");
    }

    private static string CurrentVersion(V1ObjectMeta metadata) => metadata.ResourceVersion;

    [Fact]
    public async Task It_lists_then_watches_and_applies_adds_updates_and_deletes()
    {
        await sandbox.CreateWidgetAsync(Widget.Create("a", _ns));
        var (informer, _, events) = Start<Widget>();

        await SyncedAndWatchingAsync(informer);
        Assert.NotNull(informer.Store.Get(_ns, "a"));

        await sandbox.CreateWidgetAsync(Widget.Create("b", _ns));
        var last = await sandbox.SetSizeAsync(_ns, "a", "large");
        await sandbox.DeleteWidgetAsync(_ns, "b");

        await Eventually.TrueAsync(() => events.Count >= 4 && informer.Store.Get(_ns, "b") is null, "the three changes arrived");
        Assert.Equal([WatchEventType.Added, WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted], events.Select(e => e.Type));
        Assert.Equal("large", informer.Store.Get(_ns, "a")!.Spec.Size);
        Assert.True(long.Parse(informer.ResourceVersion!, System.Globalization.CultureInfo.InvariantCulture)
            > long.Parse(CurrentVersion(last.Metadata), System.Globalization.CultureInfo.InvariantCulture));

        var list = Assert.Single(Lists);
        Assert.Equal($"/apis/test.platform.io/v1/namespaces/{_ns}/widgets", list.Path);
        var watch = Watches[0];
        Assert.Contains("allowWatchBookmarks=true", watch.Query, StringComparison.Ordinal);
        Assert.Contains("resourceVersion=", watch.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_410_Expired_it_relists_and_replays_the_difference()
    {
        await sandbox.CreateWidgetAsync(Widget.Create("keep", _ns));
        await sandbox.CreateWidgetAsync(Widget.Create("change", _ns));
        await sandbox.CreateWidgetAsync(Widget.Create("remove", _ns));
        var partition = new NetworkPartition();
        var (informer, metrics, events) = Start<Widget>(partition);
        await SyncedAndWatchingAsync(informer);
        events.Clear();

        // Cut the informer off, change things it cannot see, and make its resumed watch too old.
        partition.IsPartitioned = true;
        sandbox.Server.Faults.CloseAllWatches();
        await sandbox.SetSizeAsync(_ns, "change", "huge");
        await sandbox.DeleteWidgetAsync(_ns, "remove");
        await sandbox.CreateWidgetAsync(Widget.Create("new", _ns));
        sandbox.Server.Faults.ExpireNextWatches(1);
        partition.IsPartitioned = false;

        await Eventually.TrueAsync(() => informer.Store.Get(_ns, "new") is not null && informer.Store.Get(_ns, "remove") is null, "the re-list replaced the cache");
        Assert.Equal(2, metrics.Relists.WithLabels(Widgets).Value);
        Assert.Equal(1, metrics.WatchErrors.WithLabels(Widgets, "410").Value);
        Assert.Equal("huge", informer.Store.Get(_ns, "change")!.Spec.Size);
        var replayed = events.Select(e => (e.Type, e.Object.Metadata.Name)).OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        Assert.Equal([(WatchEventType.Modified, "change"), (WatchEventType.Added, "new"), (WatchEventType.Deleted, "remove")], replayed);
        Assert.Equal(2, Lists.Count);
    }

    [Fact]
    public async Task It_rewatches_from_its_resource_version_after_the_server_closes_the_watch()
    {
        var (informer, metrics, _) = Start<Widget>();
        await SyncedAndWatchingAsync(informer);
        await sandbox.CreateWidgetAsync(Widget.Create("before", _ns));
        await Eventually.TrueAsync(() => informer.Store.Get(_ns, "before") is not null, "the first change arrived");
        var seen = informer.ResourceVersion;

        sandbox.Server.Faults.CloseAllWatches();
        await Eventually.TrueAsync(() => Watches.Count >= 2, "the watch was re-opened");
        await sandbox.CreateWidgetAsync(Widget.Create("after-drop", _ns));

        await Eventually.TrueAsync(() => informer.Store.Get(_ns, "after-drop") is not null, "the re-opened watch delivered the next change");
        Assert.Contains(Watches.Skip(1), w => w.Query.Contains($"resourceVersion={seen}", StringComparison.Ordinal) || VersionAtLeast(w.Query, seen));
        Assert.Equal(1, metrics.Relists.WithLabels(Widgets).Value);
        Assert.Single(Lists);
    }

    [Fact]
    public async Task Bookmarks_advance_the_resource_version_the_next_watch_resumes_from()
    {
        var (informer, _, _) = Start<Widget>();
        await SyncedAndWatchingAsync(informer);

        // A change of another kind: invisible to this informer, but bookmarks carry the newer version.
        var elsewhere = await sandbox.Admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "elsewhere" } }, _ns);
        await Eventually.TrueAsync(() => VersionAtLeast($"resourceVersion={informer.ResourceVersion}", elsewhere.Metadata.ResourceVersion), "a bookmark moved the version on");
        var bookmarked = informer.ResourceVersion;

        sandbox.Server.Faults.CloseAllWatches();
        await Eventually.TrueAsync(() => Watches.Count >= 2, "the watch was re-opened");
        Assert.Contains($"resourceVersion={bookmarked}", Watches[1].Query, StringComparison.Ordinal);
        Assert.Empty(informer.Store.List());
        Assert.Single(Lists);
    }

    [Fact]
    public async Task Server_errors_and_throttling_on_the_relist_are_retried_with_backoff_and_counted()
    {
        var (informer, metrics, _) = Start<Widget>();
        await SyncedAndWatchingAsync(informer);

        // The sandbox fails plain requests, not watches: expire the watch so the informer must re-list.
        sandbox.Server.Faults.FailNextRequests(2, RequestFault.InternalError);
        sandbox.Server.Faults.ExpireNextWatches(1);
        sandbox.Server.Faults.CloseAllWatches();
        await Eventually.TrueAsync(() => metrics.Relists.WithLabels(Widgets).Value == 2, "the re-list succeeded");
        Assert.Equal(2, metrics.WatchErrors.WithLabels(Widgets, "5xx").Value);

        sandbox.Server.Faults.FailNextRequests(1, RequestFault.TooManyRequests);
        sandbox.Server.Faults.ExpireNextWatches(1);
        sandbox.Server.Faults.CloseAllWatches();
        await Eventually.TrueAsync(() => metrics.Relists.WithLabels(Widgets).Value == 3, "the second re-list succeeded");
        Assert.Equal(1, metrics.WatchErrors.WithLabels(Widgets, "429").Value);
        Assert.Equal(2, metrics.WatchErrors.WithLabels(Widgets, "410").Value);
        await Eventually.TrueAsync(() => Watches.Count >= 4, "the watch came back");
        await sandbox.CreateWidgetAsync(Widget.Create("after-errors", _ns));

        await Eventually.TrueAsync(() => informer.Store.Get(_ns, "after-errors") is not null, "the informer caught up after the errors");
        Assert.Equal(6, Lists.Count);
    }

    [Fact]
    public async Task A_failing_initial_list_is_retried_until_it_succeeds()
    {
        await sandbox.CreateWidgetAsync(Widget.Create("a", _ns));
        sandbox.Server.Faults.FailNextRequests(3, RequestFault.TooManyRequests);
        var (informer, metrics, _) = Start<Widget>();

        await Eventually.TrueAsync(() => informer.HasSynced, "the informer synced despite throttling");
        Assert.NotNull(informer.Store.Get(_ns, "a"));
        Assert.Equal(3, metrics.WatchErrors.WithLabels(Widgets, "429").Value);
        Assert.Equal(4, Lists.Count);
    }

    [Fact]
    public async Task Built_in_kinds_are_listed_and_watched_on_the_core_api_path()
    {
        await sandbox.Admin.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" }, Data = new Dictionary<string, string> { ["k"] = "v" } }, _ns);
        var (informer, _, _) = Start<V1ConfigMap>();
        await SyncedAndWatchingAsync(informer);

        Assert.Equal("v", informer.Store.Get(_ns, "settings")!.Data["k"]);
        await sandbox.Admin.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"k":"w"}}""", V1Patch.PatchType.MergePatch), "settings", _ns);

        await Eventually.TrueAsync(() => informer.Store.Get(_ns, "settings")!.Data["k"] == "w", "the update arrived");
        Assert.Equal($"/api/v1/namespaces/{_ns}/configmaps", Assert.Single(Lists).Path);
    }

    [Fact]
    public async Task A_label_selector_limits_what_is_listed_and_watched()
    {
        await sandbox.CreateWidgetAsync(Widget.Create("mine", _ns, labels: new Dictionary<string, string> { ["team"] = "a" }));
        await sandbox.CreateWidgetAsync(Widget.Create("theirs", _ns, labels: new Dictionary<string, string> { ["team"] = "b" }));
        var (informer, _, _) = Start<Widget>(labelSelector: "team=a");
        await SyncedAndWatchingAsync(informer);

        await sandbox.CreateWidgetAsync(Widget.Create("theirs-too", _ns, labels: new Dictionary<string, string> { ["team"] = "b" }));
        await sandbox.CreateWidgetAsync(Widget.Create("mine-too", _ns, labels: new Dictionary<string, string> { ["team"] = "a" }));

        await Eventually.TrueAsync(() => informer.Store.Get(_ns, "mine-too") is not null, "the matching object arrived");
        Assert.Equal(["mine", "mine-too"], informer.Store.List().Select(w => w.Metadata.Name).Order(StringComparer.Ordinal));
        Assert.All(_recorder.Requests, r => Assert.Contains("labelSelector=team=a", r.Query, StringComparison.Ordinal));
    }

    private static bool VersionAtLeast(string query, string? version)
    {
        var at = query.IndexOf("resourceVersion=", StringComparison.Ordinal);
        if (at < 0 || version is null)
        {
            return false;
        }

        var digits = new string([.. query[(at + "resourceVersion=".Length)..].TakeWhile(char.IsDigit)]);
        return digits.Length > 0 && long.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) >= long.Parse(version, System.Globalization.CultureInfo.InvariantCulture);
    }
}
