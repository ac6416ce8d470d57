using Platform.Operator.Abstractions.Builder;

namespace Platform.Operator.Runtime.Tests.LeaderElection;

/// <summary>
/// Lease timing validation. The gating behaviour itself (one leader reconciles, takeover, loss, regain) runs
/// against the embedded control plane in Integration/SandboxLeaderElectionTests.
/// </summary>
public sealed class LeaderGatingTests
{
    [Fact]
    public void Inconsistent_lease_timings_are_rejected_at_start()
    {
        var builder = new OperatorSettingsBuilder().WithLeaderElection("l", "default", leaseDuration: TimeSpan.FromSeconds(5), renewDeadline: TimeSpan.FromSeconds(10));
        Assert.Throws<ArgumentException>(() => builder.Build());
        Assert.Throws<ArgumentException>(() => new OperatorSettingsBuilder().WithConcurrency(0).Build());
        var defaults = new OperatorSettingsBuilder().Build();
        Assert.Equal((TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2)), (defaults.LeaseDuration, defaults.RenewDeadline, defaults.RetryPeriod));
    }
}
