using System.Diagnostics;
using Platform.Operator.Abstractions.Reconciliation;
using Platform.Operator.Runtime.Tests.Support;
using Platform.Testing.FakeApi;

namespace Platform.Operator.Runtime.Tests.Hosting;

public sealed class GracefulShutdownTests : IAsyncLifetime
{
    private FakeKubeApiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeKubeApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task On_stop_an_in_flight_reconcile_finishes_and_no_new_one_starts()
    {
        var finished = 0;
        var probe = new ReconcileProbe
        {
            OnReconcile = async (w, _) =>
            {
                // Ignores the token on purpose: graceful shutdown must let it complete.
                await Task.Delay(400, CancellationToken.None);
                Interlocked.Increment(ref finished);
                return ReconciliationResult<Widget>.Success(w);
            },
        };
        _server.Upsert(Widget.Create("busy"));
        _server.Upsert(Widget.Create("waiting"));
        var harness = await OperatorHarness.StartAsync(_server, probe: probe);
        await Eventually.TrueAsync(() => probe.Reconciled.Count == 1, "the first reconcile started");

        await harness.DisposeAsync();

        Assert.Equal(1, Volatile.Read(ref finished));
        Assert.Single(probe.Reconciled);
        Assert.Empty(probe.Cancelled);
    }

    [Fact]
    public async Task A_reconcile_that_outlives_the_shutdown_bound_is_cancelled()
    {
        var probe = new ReconcileProbe
        {
            OnReconcile = async (w, ct) =>
            {
                await Task.Delay(Timeout.Infinite, ct);
                return ReconciliationResult<Widget>.Success(w);
            },
        };
        _server.Upsert(Widget.Create("stuck"));
        var harness = await OperatorHarness.StartAsync(_server, settings: s => s.With(o => o with { ShutdownTimeout = TimeSpan.FromMilliseconds(300) }), probe: probe);
        await Eventually.TrueAsync(() => probe.Reconciled.Count == 1, "the reconcile started");

        var stopping = Stopwatch.StartNew();
        await harness.DisposeAsync();

        Assert.Single(probe.Cancelled);
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"shutdown took {stopping.Elapsed}");
    }
}
