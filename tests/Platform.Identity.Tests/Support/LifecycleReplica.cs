using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Platform.Identity.Authority;
using Platform.Identity.Controllers;
using Platform.Operator.Abstractions.Events;

namespace Platform.Identity.Tests.Support;

/// <summary>One replica of the identity controller as the lifecycle tests build it.</summary>
internal sealed record LifecycleReplica(
    AuthorityLifecycle Lifecycle, TrustDomainAuthority Authority, ReplicaCaStore Store, FakeLeadershipTerms Terms,
    ConcurrentQueue<(string Kind, string Name, string Namespace, string Reason, EventType Type)> Events, ServiceProvider Services) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await Lifecycle.StopAsync(CancellationToken.None);
        Lifecycle.Dispose();
        Terms.Dispose();
        await Services.DisposeAsync();
    }
}
