using Microsoft.Extensions.DependencyInjection;
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
    public async Task A_second_controller_for_the_same_kind_is_rejected()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            OperatorHarness.StartAsync(_server, b => b.AddController<WidgetController, Widget>().AddController<WidgetController, Widget>()));
        Assert.Contains("already registered", error.Message, StringComparison.Ordinal);
    }
}
