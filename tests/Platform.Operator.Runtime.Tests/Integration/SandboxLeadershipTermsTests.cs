using Microsoft.Extensions.DependencyInjection;
using Platform.Operator.Abstractions.Leadership;
using Platform.Operator.Runtime.Tests.Support;
using Platform.Testing.FakeApi;

namespace Platform.Operator.Runtime.Tests.Integration;

/// <summary>Leadership terms of two replicas sharing one Lease in the embedded control plane.</summary>
public sealed class SandboxLeadershipTermsTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private const string LeaseName = "terms-leader";
    private string _ns = "";

    public async Task InitializeAsync() => _ns = await sandbox.NewNamespaceAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<SandboxOperatorHarness> StartReplicaAsync(string identity, params DelegatingHandler[] handlers) =>
        SandboxOperatorHarness.StartAsync(
            sandbox,
            _ns,
            settings: s => s.WithLeaderElection(
                LeaseName,
                _ns,
                identity,
                leaseDuration: TimeSpan.FromSeconds(3),
                renewDeadline: TimeSpan.FromSeconds(2),
                retryPeriod: TimeSpan.FromMilliseconds(250)),
            handlers: handlers);

    [Fact]
    public async Task Losing_the_Lease_cancels_the_term_token_the_other_replica_starts_a_term_and_a_regain_is_a_new_term()
    {
        var partition = new NetworkPartition();
        await using var a = await StartReplicaAsync("terms-a", partition);
        var termsA = a.Services.GetRequiredService<ILeadershipTerms>();
        var firstTerm = await termsA.WaitForTermAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        await using var b = await StartReplicaAsync("terms-b");
        var termsB = b.Services.GetRequiredService<ILeadershipTerms>();
        var bWaiting = termsB.WaitForTermAsync(CancellationToken.None);
        await Task.Delay(500);
        Assert.False(bWaiting.IsCompleted);
        Assert.False(firstTerm.IsCancellationRequested);

        partition.IsPartitioned = true;
        await Eventually.TrueAsync(() => firstTerm.IsCancellationRequested, "a's term token was cancelled");
        var bTerm = await bWaiting.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.False(bTerm.IsCancellationRequested);
        Assert.True(termsB.IsLeading);

        // b hands the Lease back by stopping; a (reachable again) starts a fresh term.
        partition.IsPartitioned = false;
        await b.DisposeAsync();
        Assert.True(bTerm.IsCancellationRequested);
        var secondTerm = await termsA.WaitForTermAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.False(secondTerm.IsCancellationRequested);
        Assert.True(firstTerm.IsCancellationRequested);
    }
}
