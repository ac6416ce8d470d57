using Microsoft.Extensions.DependencyInjection;
using Platform.Operator.Abstractions.Builder;
using Platform.Operator.Abstractions.Leadership;
using Platform.Operator.Runtime.Diagnostics;
using Platform.Operator.Runtime.LeaderElection;
using Platform.Operator.Runtime.Tests.Support;
using Platform.Testing.FakeApi;

namespace Platform.Operator.Runtime.Tests.LeaderElection;

/// <summary>The <see cref="ILeadershipTerms"/> contract features use for leader-only background work.</summary>
public sealed class LeadershipTermsTests : IAsyncLifetime
{
    private FakeKubeApiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeKubeApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Each_term_has_its_own_token_cancelled_when_the_term_ends()
    {
        using var gate = new LeadershipGate(new RuntimeMetrics(), new OperatorSettingsBuilder().Build());
        ILeadershipTerms terms = gate;

        var waiting = terms.WaitForTermAsync(CancellationToken.None);
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted);
        Assert.False(terms.IsLeading);

        gate.Acquire();
        var first = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(terms.IsLeading);
        Assert.False(first.IsCancellationRequested);
        Assert.Equal(first, await terms.WaitForTermAsync(CancellationToken.None));

        gate.Release();
        Assert.True(first.IsCancellationRequested);
        Assert.False(terms.IsLeading);
        var next = terms.WaitForTermAsync(CancellationToken.None);
        Assert.False(next.IsCompleted);

        gate.Acquire();
        var second = await next.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(second.IsCancellationRequested);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Waiting_for_a_term_can_be_abandoned()
    {
        using var gate = new LeadershipGate(new RuntimeMetrics(), new OperatorSettingsBuilder().Build());
        using var stop = new CancellationTokenSource();
        var waiting = ((ILeadershipTerms)gate).WaitForTermAsync(stop.Token);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task Without_leader_election_a_term_starts_with_the_host_and_ends_when_it_stops()
    {
        var harness = await OperatorHarness.StartAsync(_server);
        var terms = harness.Services.GetRequiredService<ILeadershipTerms>();
        Assert.Same(harness.Services.GetRequiredService<LeadershipGate>(), terms);

        var term = await terms.WaitForTermAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(terms.IsLeading);
        Assert.False(term.IsCancellationRequested);

        await harness.DisposeAsync();
        Assert.True(term.IsCancellationRequested);
        Assert.False(terms.IsLeading);
    }
}
