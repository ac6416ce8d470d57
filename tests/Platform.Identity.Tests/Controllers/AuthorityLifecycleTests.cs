using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Platform.Identity.Authority;
using Platform.Identity.Controllers;
using Platform.Identity.Publication;
using Platform.Identity.Tests.Support;
using Platform.Operator.Abstractions.Events;
using Platform.Testing.Polling;

namespace Platform.Identity.Tests.Controllers;

/// <summary>
/// The CA runs per leadership term: two replicas share one CA Secret and a fake clock; only the replica in a term
/// rotates or writes, and a new term reloads what the other replica left in the Secret.
/// </summary>
public sealed class AuthorityLifecycleTests : IAsyncLifetime
{
    private readonly FakeTimeProvider time = new(TestAuthority.Start);
    private readonly InMemoryCaSecretStore secret = new();
    private readonly List<LifecycleReplica> replicas = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var replica in replicas)
        {
            await replica.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_replica_that_lost_its_term_never_writes_the_CA_Secret_and_a_new_term_reloads_what_the_other_leader_wrote()
    {
        var a = await StartAsync();
        var b = await StartAsync();

        a.Terms.Begin();
        Assert.Null(await a.Lifecycle.WaitForAuthorityAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, a.Store.Saves);
        var first = a.Authority.Active.Certificate.Thumbprint;

        // a loses the Lease: its rotation timer stops and its CA is forgotten.
        a.Terms.End();
        await Eventually.GetAsync(() => Task.FromResult(a.Authority.IsInitialized ? null : "forgotten"), "a forgot its CA");
        var waiting = a.Lifecycle.WaitForAuthorityAsync(CancellationToken.None);

        // Past half life: a leader would prepare the next CA now. Nobody leads, so nobody writes.
        time.Advance(TimeSpan.FromHours(13));
        await Task.Delay(300);
        Assert.Equal(1, a.Store.Saves);
        Assert.False(waiting.IsCompleted);

        // b's term: it loads a's CA and prepares the next one.
        b.Terms.Begin();
        Assert.Null(await b.Lifecycle.WaitForAuthorityAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(first, b.Authority.Active.Certificate.Thumbprint);
        Assert.Equal(2, b.Authority.Bundle.X509Authorities.Count);
        Assert.Equal(1, b.Store.Saves);
        var preparedSequence = b.Authority.Bundle.SequenceNumber;
        var prepared = b.Authority.Bundle.X509Authorities.Select(c => c.Thumbprint).ToList();
        Assert.Equal(2, preparedSequence);

        // b hands over; a's new term sees the prepared CA b wrote, without writing anything itself.
        b.Terms.End();
        await Eventually.GetAsync(() => Task.FromResult(b.Authority.IsInitialized ? null : "forgotten"), "b forgot its CA");
        a.Terms.Begin();
        Assert.Null(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(first, a.Authority.Active.Certificate.Thumbprint);
        Assert.Empty(b.Authority.Slots);
        Assert.Equal(prepared, a.Authority.Bundle.X509Authorities.Select(c => c.Thumbprint));
        Assert.Equal(preparedSequence, a.Authority.Bundle.SequenceNumber);
        Assert.Equal(2, a.Authority.Bundle.X509Authorities.Count);
        Assert.Equal(1, a.Store.Saves);

        // Past 5/6 only a's timer (the leader's) activates the prepared CA; b stays silent.
        time.Advance(TimeSpan.FromHours(8));
        await Eventually.GetAsync(
            () => Task.FromResult(a.Authority.Active.Certificate.Thumbprint != first ? "activated" : null), "a activated the prepared CA");
        Assert.Equal(2, a.Store.Saves);
        Assert.Equal(1, b.Store.Saves);
    }

    [Fact]
    public async Task Without_a_term_nothing_is_loaded_and_callers_wait()
    {
        var a = await StartAsync();
        var waiting = a.Lifecycle.WaitForAuthorityAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromDays(2));
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);
        Assert.False(a.Authority.IsInitialized);
        Assert.Equal(0, secret.SaveCount);
    }

    [Fact]
    public async Task A_missing_or_malformed_upstream_Secret_blocks_signing_with_a_warning_event_until_it_is_fixed()
    {
        var upstreamSecret = new InMemoryCaSecretStore();
        var a = await StartAsync(upstreamSecret);
        a.Terms.Begin();

        var missing = await Eventually.GetAsync(() => a.Lifecycle.WaitForAuthorityAsync(CancellationToken.None), "the missing upstream reported");
        Assert.Contains("upstream CA Secret platform-system/corp-ca does not exist", missing, StringComparison.Ordinal);
        Assert.False(a.Authority.IsInitialized);
        Assert.Equal(0, secret.SaveCount);
        await Eventually.GetAsync(() => Task.FromResult(a.Events.IsEmpty ? null : "published"), "a warning event");
        Assert.True(a.Events.TryPeek(out var missingEvent));
        Assert.Equal(("Secret", "corp-ca", "platform-system", "UpstreamCAUnavailable", EventType.Warning), missingEvent);

        await upstreamSecret.SaveAsync(new Dictionary<string, byte[]> { ["tls.crt"] = "garbage"u8.ToArray() }, CancellationToken.None);
        var malformed = await Eventually.GetAsync(
            async () => await a.Lifecycle.WaitForAuthorityAsync(CancellationToken.None) is { } reason && reason.Contains("unusable", StringComparison.Ordinal) ? reason : null,
            "the malformed upstream reported");
        Assert.Contains("\"tls.key\"", malformed, StringComparison.Ordinal);
        Assert.False(a.Authority.IsInitialized);
        Assert.Equal(0, secret.SaveCount);
        await Assert.ThrowsAsync<InvalidOperationException>(() => a.Lifecycle.EnsureStartedAsync(CancellationToken.None));

        using var upstream = new UpstreamCa(time.GetUtcNow(), withIntermediate: true);
        await upstreamSecret.SaveAsync(upstream.SecretData(), CancellationToken.None);
        await Eventually.GetAsync(
            async () => await a.Lifecycle.WaitForAuthorityAsync(CancellationToken.None) is null ? "ready" : null, "the CA loaded under the fixed upstream");
        Assert.False(a.Authority.Active.IsSelfSigned);
        Assert.Equal(upstream.Intermediate!.Subject, a.Authority.Active.Certificate.Issuer);
        Assert.Equal(upstream.Root.Thumbprint, Assert.Single(a.Authority.Bundle.X509Authorities).Thumbprint);
        Assert.Equal(1, secret.SaveCount);
    }

    private async Task<LifecycleReplica> StartAsync(ICaSecretStore? upstream = null)
    {
        var options = new IdentityOptions
        {
            TrustDomain = "example.org",
            UpstreamCaSecretName = upstream is null ? string.Empty : "corp-ca",
            CaRetryInterval = TimeSpan.FromMilliseconds(50),
        };
        var store = new ReplicaCaStore(secret);
        var authority = new TrustDomainAuthority(options, store, time, NullLogger<TrustDomainAuthority>.Instance);
        var terms = new FakeLeadershipTerms();
        var events = new ConcurrentQueue<(string, string, string, string, EventType)>();
        var services = new ServiceCollection()
            .AddSingleton<EventPublisher>((IKubernetesObject<V1ObjectMeta> entity, string reason, string _, EventType type, CancellationToken _) =>
            {
                events.Enqueue((entity.Kind, entity.Metadata.Name, entity.Metadata.NamespaceProperty, reason, type));
                return Task.CompletedTask;
            })
            .BuildServiceProvider();
        var lifecycle = new AuthorityLifecycle(
            authority, new TrustBundlePublisher(options), terms, upstream, services, options, "platform-system", time, TimeProvider.System,
            NullLogger<AuthorityLifecycle>.Instance);
        await lifecycle.StartAsync(CancellationToken.None);
        var replica = new LifecycleReplica(lifecycle, authority, store, terms, events, services);
        replicas.Add(replica);
        return replica;
    }
}
