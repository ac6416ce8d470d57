using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Platform.Operator.Abstractions.Cache;
using Platform.Operator.Abstractions.Client;
using Platform.Operator.Abstractions.Reconciliation;
using Platform.Operator.Abstractions.Status;
using Platform.Operator.Runtime.Diagnostics;
using Platform.Operator.Runtime.Tests.Support;
using Platform.Sandbox.Faults;

namespace Platform.Operator.Runtime.Tests.Integration;

/// <summary>Controllers against the embedded control plane: level-based reconcile, status, finalizers, retries.</summary>
public sealed class SandboxControllerTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private string _ns = "";

    public async Task InitializeAsync() => _ns = await sandbox.NewNamespaceAsync();

    public Task DisposeAsync()
    {
        sandbox.Server.Faults.Reset();
        return Task.CompletedTask;
    }

    private static double Metric(SandboxOperatorHarness harness, Func<RuntimeMetrics, double> read) => read(harness.Services.GetRequiredService<RuntimeMetrics>());

    private string Key(string name) => $"{_ns}/{name}";

    [Fact]
    public async Task Reconcile_is_level_based_and_sees_the_current_object()
    {
        await sandbox.CreateWidgetAsync(Widget.Create("a", _ns));
        await using var harness = await SandboxOperatorHarness.StartAsync(sandbox, _ns);
        await Eventually.TrueAsync(() => harness.Probe.Count(Key("a")) >= 1, "a was reconciled");

        await sandbox.SetSizeAsync(_ns, "a", "large");

        await Eventually.TrueAsync(() => harness.Probe.Reconciled.Any(r => r.Size == "large"), "the change was reconciled");
        Assert.Equal([("small"), "large"], harness.Probe.Reconciled.Select(r => r.Size));
        Assert.Equal(2, Metric(harness, m => m.ReconcileTotal.WithLabels("widget", "success").Value));
    }

    [Fact]
    public async Task Status_and_conditions_go_through_the_status_subresource_and_do_not_retrigger()
    {
        var recorder = new RecordingHandler();
        var probe = new ReconcileProbe();
        await using var harness = await SandboxOperatorHarness.StartAsync(sandbox, _ns, probe: probe, handlers: recorder);
        var client = harness.Services.GetRequiredService<IKubernetesClient>();
        probe.OnReconcile = async (w, ct) =>
        {
            StatusConditions.Set(w.Status.Conditions, "Ready", ConditionStatus.True, "Sized", $"size {w.Spec.Size}", w.Metadata.Generation ?? 0, DateTimeOffset.UtcNow);
            w.Status.Phase = "Ready";
            w.Status.ObservedGeneration = w.Metadata.Generation;
            w.Spec.Size = "written-through-status-is-ignored";
            return ReconciliationResult<Widget>.Success(await client.PatchStatusAsync(w, ct));
        };
        await sandbox.CreateWidgetAsync(Widget.Create("s", _ns));

        await Eventually.TrueAsync(() => sandbox.GetWidgetAsync(_ns, "s").GetAwaiter().GetResult()?.Status?.Phase == "Ready", "the status was written");
        var first = (await sandbox.GetWidgetAsync(_ns, "s"))!;
        Assert.Equal("small", first.Spec.Size);
        var ready = Assert.Single(first.Status.Conditions);
        Assert.Equal(("Ready", "True", 1L), (ready.Type, ready.Status, ready.ObservedGeneration));
        Assert.Contains(recorder.Requests, r => r.Method == "PATCH" && r.Path == $"/apis/test.platform.io/v1/namespaces/{_ns}/widgets/s/status");
        Assert.DoesNotContain(recorder.Requests, r => r.Method is "PUT" or "PATCH" && !r.Path.EndsWith("/status", StringComparison.Ordinal));

        // The status write bumped resourceVersion, not generation: no second reconcile until the spec changes.
        await Task.Delay(300);
        Assert.Equal(1, probe.Count(Key("s")));
        await sandbox.SetSizeAsync(_ns, "s", "large");

        await Eventually.TrueAsync(() => sandbox.GetWidgetAsync(_ns, "s").GetAwaiter().GetResult()?.Status.ObservedGeneration == 2, "the new generation was observed");
        var second = (await sandbox.GetWidgetAsync(_ns, "s"))!;
        var again = Assert.Single(second.Status.Conditions);
        Assert.Equal(2L, again.ObservedGeneration);
        Assert.Equal("size large", again.Message);
        Assert.Equal(ready.LastTransitionTime, again.LastTransitionTime);
        Assert.Equal(2, probe.Count(Key("s")));
    }

    [Fact]
    public async Task Finalizers_are_attached_and_removed_with_json_patches_and_deletion_completes()
    {
        var recorder = new RecordingHandler();
        await using var harness = await SandboxOperatorHarness.StartAsync(
            sandbox, _ns, b => b.AddController<WidgetController, Widget>().AddFinalizer<WidgetFinalizer, Widget>(WidgetFinalizer.Id), handlers: recorder);
        await sandbox.CreateWidgetAsync(Widget.Create("f", _ns));

        await Eventually.TrueAsync(() => sandbox.GetWidgetAsync(_ns, "f").GetAwaiter().GetResult()?.Metadata.Finalizers?.Contains(WidgetFinalizer.Id) == true, "the finalizer was attached");
        await sandbox.DeleteWidgetAsync(_ns, "f");

        await Eventually.TrueAsync(() => sandbox.GetWidgetAsync(_ns, "f").GetAwaiter().GetResult() is null, "the object was released and deleted");
        Assert.Equal([Key("f")], harness.Probe.Finalized);
        var patches = recorder.Requests.Where(r => r.Method == "PATCH").ToList();
        Assert.Equal(2, patches.Count);
        Assert.All(patches, p => Assert.Equal("application/json-patch+json", p.ContentType));
        Assert.All(patches, p => Assert.Equal($"/apis/test.platform.io/v1/namespaces/{_ns}/widgets/f", p.Path));
        Assert.DoesNotContain(recorder.Requests, r => r.Method == "PUT");
        await Eventually.TrueAsync(() => harness.Probe.Deleted.Contains(Key("f")), "DeletedAsync ran");
    }

    [Fact]
    public async Task A_failing_finalizer_keeps_the_object_marked_for_deletion()
    {
        var probe = new ReconcileProbe { OnFinalize = w => Task.FromResult(ReconciliationResult<Widget>.Failure(w, "not yet", requeueAfter: TimeSpan.FromMilliseconds(50))) };
        await using var harness = await SandboxOperatorHarness.StartAsync(
            sandbox, _ns, b => b.AddController<WidgetController, Widget>().AddFinalizer<WidgetFinalizer, Widget>(WidgetFinalizer.Id), probe: probe);
        await sandbox.CreateWidgetAsync(Widget.Create("stuck", _ns));
        await Eventually.TrueAsync(() => sandbox.GetWidgetAsync(_ns, "stuck").GetAwaiter().GetResult()?.Metadata.Finalizers?.Count == 1, "the finalizer was attached");

        await sandbox.DeleteWidgetAsync(_ns, "stuck");

        await Eventually.TrueAsync(() => probe.Finalized.Count >= 3, "finalize was retried");
        var stuck = await sandbox.GetWidgetAsync(_ns, "stuck");
        Assert.NotNull(stuck?.Metadata.DeletionTimestamp);
        Assert.Equal([WidgetFinalizer.Id], stuck!.Metadata.Finalizers);
    }

    [Fact]
    public async Task Server_errors_during_reconcile_are_retried_with_backoff_and_counted()
    {
        var calls = 0;
        var probe = new ReconcileProbe();
        await using var harness = await SandboxOperatorHarness.StartAsync(sandbox, _ns, probe: probe);
        var client = harness.Services.GetRequiredService<IKubernetesClient>();
        probe.OnReconcile = async (w, ct) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                sandbox.Server.Faults.FailNextRequests(2, RequestFault.InternalError);
            }

            w.Status.Phase = "Ready";
            return ReconciliationResult<Widget>.Success(await client.PatchStatusAsync(w, ct));
        };
        await sandbox.CreateWidgetAsync(Widget.Create("flaky", _ns));

        await Eventually.TrueAsync(() => Metric(harness, m => m.ReconcileTotal.WithLabels("widget", "success").Value) == 1, "a retry succeeded");
        Assert.Equal(3, probe.Count(Key("flaky")));
        Assert.Equal(2, Metric(harness, m => m.ReconcileErrors.WithLabels("widget").Value));
        Assert.Equal(2, Metric(harness, m => m.QueueRetries.WithLabels("widget").Value));
        Assert.Equal("Ready", (await sandbox.GetWidgetAsync(_ns, "flaky"))!.Status.Phase);
    }

    [Fact]
    public async Task A_ConfigMap_change_re_runs_the_widgets_mapped_to_it()
    {
        await sandbox.CreateWidgetAsync(Widget.Create("uses-pool", _ns, labels: new Dictionary<string, string> { ["pool"] = "blue" }));
        await sandbox.CreateWidgetAsync(Widget.Create("other", _ns, labels: new Dictionary<string, string> { ["pool"] = "red" }));
        await using var harness = await SandboxOperatorHarness.StartAsync(sandbox, _ns, b => b
            .AddController<WidgetController, Widget>()
            .Watches<Widget, V1ConfigMap>((sp, cm) => sp.GetRequiredService<IEntityCache<Widget>>()
                .List(cm.Metadata.NamespaceProperty)
                .Where(w => w.Metadata.Labels?["pool"] == cm.Metadata.Name)
                .Select(EntityKey.From)));
        await Eventually.TrueAsync(() => harness.Probe.Reconciled.Count == 2, "both were reconciled");

        await sandbox.Admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "blue" } }, _ns);

        await Eventually.TrueAsync(() => harness.Probe.Count(Key("uses-pool")) == 2, "the pool user re-ran");
        await Task.Delay(300);
        Assert.Equal(1, harness.Probe.Count(Key("other")));
    }

    [Fact]
    public async Task A_secondary_watch_can_ignore_status_only_changes()
    {
        await sandbox.CreateWidgetAsync(Widget.Create("leader", _ns));
        await sandbox.CreateWidgetAsync(Widget.Create("follower", _ns, labels: new Dictionary<string, string> { ["follows"] = "leader" }));
        await using var harness = await SandboxOperatorHarness.StartAsync(sandbox, _ns, b => b
            .AddController<WidgetController, Widget>()
            .Watches<Widget, Widget>(
                (sp, w) => sp.GetRequiredService<IEntityCache<Widget>>()
                    .List(w.Metadata.NamespaceProperty)
                    .Where(f => f.Metadata.Labels?.TryGetValue("follows", out var leader) == true && leader == w.Metadata.Name)
                    .Select(EntityKey.From),
                ignoreStatusOnlyChanges: true));
        await Eventually.TrueAsync(() => harness.Probe.Count(Key("leader")) >= 1 && harness.Probe.Count(Key("follower")) >= 1, "both were reconciled");
        await Task.Delay(300);
        var before = harness.Probe.Count(Key("follower"));

        await sandbox.Admin.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch("""{"status":{"phase":"Busy"}}""", V1Patch.PatchType.MergePatch), "test.platform.io", "v1", _ns, "widgets", "leader");
        await Eventually.TrueAsync(() => sandbox.GetWidgetAsync(_ns, "leader").GetAwaiter().GetResult()?.Status?.Phase == "Busy", "the status was written");
        await Task.Delay(300);
        Assert.Equal(before, harness.Probe.Count(Key("follower")));

        await sandbox.SetSizeAsync(_ns, "leader", "large");
        await Eventually.TrueAsync(() => harness.Probe.Count(Key("follower")) > before, "a spec change of the leader re-ran the follower");
    }

    [Fact]
    public async Task An_owned_ConfigMap_enqueues_its_controller_owner()
    {
        var owner = await sandbox.CreateWidgetAsync(Widget.Create("parent", _ns));
        await using var harness = await SandboxOperatorHarness.StartAsync(sandbox, _ns, b => b.AddController<WidgetController, Widget>().Owns<Widget, V1ConfigMap>());
        await Eventually.TrueAsync(() => harness.Probe.Count(Key("parent")) == 1, "parent was reconciled");

        await sandbox.Admin.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap
            {
                Metadata = new V1ObjectMeta
                {
                    Name = "child",
                    OwnerReferences = [new V1OwnerReference { ApiVersion = "test.platform.io/v1", Kind = "Widget", Name = "parent", Uid = owner.Metadata.Uid, BlockOwnerDeletion = true, Controller = true }],
                },
            },
            _ns);

        await Eventually.TrueAsync(() => harness.Probe.Count(Key("parent")) == 2, "the owner re-ran");
    }
}
