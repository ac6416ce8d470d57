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
