using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Platform.Operator.Abstractions.Client;
using Platform.Operator.Abstractions.Queue;
using Platform.Operator.Abstractions.Reconciliation;
using Platform.Operator.Runtime.Controllers;
using Platform.Operator.Runtime.Diagnostics;
using Platform.Operator.Runtime.Tests.Support;
using Platform.Testing.FakeApi;

namespace Platform.Operator.Runtime.Tests.Controllers;

public sealed class ControllerWorkerTests : IAsyncLifetime
{
    private FakeKubeApiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeKubeApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static double Metric(OperatorHarness harness, Func<RuntimeMetrics, double> read) => read(harness.Services.GetRequiredService<RuntimeMetrics>());

    [Fact]
    public async Task Reconcile_reads_the_current_object_from_the_cache()
    {
        _server.Upsert(Widget.Create("a", size: "small"));
        await using var harness = await OperatorHarness.StartAsync(_server);

        await Eventually.TrueAsync(() => harness.Probe.Count("default/a") >= 1, "a was reconciled");
        _server.Upsert(Widget.Create("a", size: "large"));

        await Eventually.TrueAsync(() => harness.Probe.Reconciled.Any(r => r.Size == "large"), "the change was reconciled");
        Assert.Equal(2, harness.Probe.Reconciled.Count);
        Assert.Equal(2, Metric(harness, m => m.ReconcileTotal.WithLabels("widget", "success").Value));
    }

    [Fact]
    public async Task A_status_only_change_does_not_trigger_another_reconcile()
    {
        _server.Upsert(Widget.Create("a"));
        await using var harness = await OperatorHarness.StartAsync(_server);
        await Eventually.TrueAsync(() => harness.Probe.Count("default/a") == 1, "a was reconciled");

        var client = harness.Services.GetRequiredService<IKubernetesClient>();
        await client.MergePatchStatusAsync<Widget>("a", "default", new { status = new { phase = "Ready" } });
        _server.Upsert(Widget.Create("b"));

        await Eventually.TrueAsync(() => harness.Probe.Count("default/b") == 1, "b was reconciled");
        Assert.Equal("Ready", _server.Get<Widget>("default", "a")!.Status.Phase);
        Assert.Equal(1, harness.Probe.Count("default/a"));
    }

    [Fact]
    public async Task One_key_is_never_reconciled_concurrently_even_with_many_workers()
    {
        _server.Upsert(Widget.Create("hot"));
        var probe = new ReconcileProbe
        {
            OnReconcile = async (w, ct) =>
            {
                await Task.Delay(30, ct);
                return ReconciliationResult<Widget>.Success(w);
            },
        };
        await using var harness = await OperatorHarness.StartAsync(_server, settings: s => s.WithConcurrency(4), probe: probe);
        await Eventually.TrueAsync(() => probe.Count("default/hot") >= 1, "hot was reconciled");

        for (var i = 0; i < 20; i++)
        {
            _server.Upsert(Widget.Create("hot", size: $"s{i}"));
            await Task.Delay(5);
        }

        await Eventually.TrueAsync(() => probe.Reconciled.Any(r => r.Size == "s19"), "the last change was reconciled");
        Assert.Equal(1, probe.MaxConcurrentPerKey);
        Assert.True(probe.Count("default/hot") < 21, "queued duplicates were merged");
    }

    [Fact]
    public async Task At_most_MaxConcurrentReconciles_keys_run_at_once()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var probe = new ReconcileProbe
        {
            OnReconcile = async (w, ct) =>
            {
                await release.Task.WaitAsync(ct);
                return ReconciliationResult<Widget>.Success(w);
            },
        };
        for (var i = 0; i < 6; i++)
        {
            _server.Upsert(Widget.Create($"w{i}"));
        }

        await using var harness = await OperatorHarness.StartAsync(_server, settings: s => s.WithConcurrency(2), probe: probe);

        await Eventually.TrueAsync(() => probe.Reconciled.Count == 2, "two reconciles started");
        await Task.Delay(200);
        Assert.Equal(2, probe.Reconciled.Count);
        release.SetResult();
        await Eventually.TrueAsync(() => probe.Reconciled.Count == 6, "all six ran");
        Assert.Equal(2, probe.MaxActive);
    }

    [Fact]
    public async Task A_thrown_exception_is_retried_with_backoff_until_it_succeeds()
    {
        var failures = 3;
        var probe = new ReconcileProbe
        {
            OnReconcile = (w, _) => Interlocked.Decrement(ref failures) >= 0
                ? throw new InvalidOperationException("boom")
                : Task.FromResult(ReconciliationResult<Widget>.Success(w)),
        };
        _server.Upsert(Widget.Create("flaky"));
        await using var harness = await OperatorHarness.StartAsync(_server, probe: probe);

        await Eventually.TrueAsync(() => probe.Count("default/flaky") == 4, "the fourth attempt ran");
        await Eventually.TrueAsync(() => Metric(harness, m => m.ReconcileTotal.WithLabels("widget", "success").Value) == 1, "it succeeded");
        Assert.Equal(3, Metric(harness, m => m.ReconcileErrors.WithLabels("widget").Value));
        Assert.Equal(3, Metric(harness, m => m.QueueRetries.WithLabels("widget").Value));
        var worker = harness.Services.GetRequiredService<ControllerWorker<Widget>>();
        Assert.Equal(0, worker.Queue.Retries(new EntityKey("default", "flaky")));
    }

    [Fact]
    public async Task A_reported_failure_without_requeue_is_not_retried_but_RequeueAfter_is()
    {
        var probe = new ReconcileProbe
        {
            OnReconcile = (w, _) => Task.FromResult(w.Metadata.Name == "final"
                ? ReconciliationResult<Widget>.Failure(w, "bad spec")
                : ReconciliationResult<Widget>.Success(w, TimeSpan.FromMilliseconds(100))),
        };
        _server.Upsert(Widget.Create("final"));
        _server.Upsert(Widget.Create("poll"));
        await using var harness = await OperatorHarness.StartAsync(_server, probe: probe);

        await Eventually.TrueAsync(() => probe.Count("default/poll") >= 3, "poll was requeued repeatedly");
        Assert.Equal(1, probe.Count("default/final"));
        Assert.Equal(1, Metric(harness, m => m.ReconcileErrors.WithLabels("widget").Value));
        Assert.True(Metric(harness, m => m.ReconcileTotal.WithLabels("widget", "requeue_after").Value) >= 2);
    }

    [Fact]
    public async Task The_EntityQueue_delegate_requeues_from_anywhere()
    {
        _server.Upsert(Widget.Create("a"));
        await using var harness = await OperatorHarness.StartAsync(_server);
        await Eventually.TrueAsync(() => harness.Probe.Count("default/a") == 1, "a was reconciled");

        var queue = harness.Services.GetRequiredService<EntityQueue<Widget>>();
        Assert.True(await queue(Widget.Create("a"), ReconciliationType.Modified, ReconciliationTriggerSource.Operator, TimeSpan.Zero, 0, default));

        await Eventually.TrueAsync(() => harness.Probe.Count("default/a") == 2, "a was reconciled again");
    }

    [Fact]
    public async Task Finalizers_are_attached_and_removed_with_json_patches()
    {
        await using var harness = await OperatorHarness.StartAsync(
            _server, b => b.AddController<WidgetController, Widget>().AddFinalizer<WidgetFinalizer, Widget>(WidgetFinalizer.Id));
        _server.Upsert(Widget.Create("f"));

        await Eventually.TrueAsync(() => _server.Get<Widget>("default", "f")?.Metadata.Finalizers?.Contains(WidgetFinalizer.Id) == true, "the finalizer was attached");
        _server.Delete<Widget>("default", "f");

        await Eventually.TrueAsync(() => _server.Get<Widget>("default", "f") is null, "the object was released and deleted");
        Assert.Equal(["default/f"], harness.Probe.Finalized);
        var patches = _server.Requests.Where(r => r.Method == "PATCH").ToList();
        Assert.Equal(2, patches.Count);
        Assert.All(patches, p => Assert.StartsWith("application/json-patch+json", p.ContentType, StringComparison.Ordinal));
        Assert.DoesNotContain(_server.Requests, r => r.Method == "PUT");
        await Eventually.TrueAsync(() => harness.Probe.Deleted.Contains("default/f"), "DeletedAsync ran");
    }

    [Fact]
    public async Task A_failing_finalizer_keeps_the_object()
    {
        var probe = new ReconcileProbe { OnFinalize = w => Task.FromResult(ReconciliationResult<Widget>.Failure(w, "not yet", requeueAfter: TimeSpan.FromMilliseconds(50))) };
        await using var harness = await OperatorHarness.StartAsync(
            _server, b => b.AddController<WidgetController, Widget>().AddFinalizer<WidgetFinalizer, Widget>(WidgetFinalizer.Id), probe: probe);
        _server.Upsert(Widget.Create("stuck"));
        await Eventually.TrueAsync(() => _server.Get<Widget>("default", "stuck")?.Metadata.Finalizers?.Count == 1, "the finalizer was attached");

        _server.Delete<Widget>("default", "stuck");

        await Eventually.TrueAsync(() => probe.Finalized.Count >= 3, "finalize was retried");
        Assert.NotNull(_server.Get<Widget>("default", "stuck")?.Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task A_secondary_watch_enqueues_the_mapped_primary_keys()
    {
        _server.Upsert(Widget.Create("uses-pool", labels: new Dictionary<string, string> { ["pool"] = "blue" }));
        _server.Upsert(Widget.Create("other", labels: new Dictionary<string, string> { ["pool"] = "red" }));
        await using var harness = await OperatorHarness.StartAsync(_server, b => b
            .AddController<WidgetController, Widget>()
            .Watches<Widget, V1ConfigMap>((sp, cm) => sp.GetRequiredService<Abstractions.Cache.IEntityCache<Widget>>()
                .List(cm.Metadata.NamespaceProperty)
                .Where(w => w.Metadata.Labels?["pool"] == cm.Metadata.Name)
                .Select(EntityKey.From)));
        await Eventually.TrueAsync(() => harness.Probe.Reconciled.Count == 2, "both were reconciled");

        _server.Upsert(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "blue", NamespaceProperty = "default" } });

        await Eventually.TrueAsync(() => harness.Probe.Count("default/uses-pool") == 2, "the pool user re-ran");
        await Task.Delay(200);
        Assert.Equal(1, harness.Probe.Count("default/other"));
    }

    [Fact]
    public async Task Owned_objects_enqueue_their_controller_owner()
    {
        var owner = _server.Upsert(Widget.Create("parent"));
        await using var harness = await OperatorHarness.StartAsync(_server, b => b.AddController<WidgetController, Widget>().Owns<Widget, V1ConfigMap>());
        await Eventually.TrueAsync(() => harness.Probe.Count("default/parent") == 1, "parent was reconciled");

        _server.Upsert(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta
            {
                Name = "child",
                NamespaceProperty = "default",
                OwnerReferences = [new V1OwnerReference { ApiVersion = "test.platform.io/v1", Kind = "Widget", Name = "parent", Uid = owner.Metadata.Uid, BlockOwnerDeletion = true, Controller = true }],
            },
        });

        await Eventually.TrueAsync(() => harness.Probe.Count("default/parent") == 2, "the owner re-ran");
    }

    [Fact]
    public async Task A_second_controller_for_the_same_kind_is_rejected()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            OperatorHarness.StartAsync(_server, b => b.AddController<WidgetController, Widget>().AddController<WidgetController, Widget>()));
        Assert.Contains("already registered", error.Message, StringComparison.Ordinal);
    }
}
