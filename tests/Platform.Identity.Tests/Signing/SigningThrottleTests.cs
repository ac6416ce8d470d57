using Microsoft.Extensions.Time.Testing;
using Platform.Identity.Signing;

namespace Platform.Identity.Tests.Signing;

public sealed class SigningThrottleTests
{
    [Fact]
    public void Burst_is_served_then_tokens_refill_at_the_rate()
    {
        var time = new FakeTimeProvider();
        using var throttle = new SigningThrottle(time, tokensPerSecond: 100, burst: 10, maxConcurrency: 4);
        for (var i = 0; i < 10; i++)
        {
            Assert.True(throttle.TryTakeToken(out _));
        }

        Assert.False(throttle.TryTakeToken(out var retryAfter));
        Assert.Equal(TimeSpan.FromMilliseconds(10), retryAfter);
        time.Advance(TimeSpan.FromMilliseconds(50));
        for (var i = 0; i < 5; i++)
        {
            Assert.True(throttle.TryTakeToken(out _));
        }

        Assert.False(throttle.TryTakeToken(out _));
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(10, Enumerable.Range(0, 20).Count(_ => throttle.TryTakeToken(out TimeSpan _)));
    }

    [Fact]
    public async Task Concurrency_never_exceeds_the_cap()
    {
        using var throttle = new SigningThrottle(TimeProvider.System, tokensPerSecond: 1_000_000, burst: 1_000_000, maxConcurrency: 3);
        var running = 0;
        var peak = 0;
        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => throttle.RunAsync(() =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            Thread.SpinWait(20_000);
            Interlocked.Decrement(ref running);
            return 0;
        }, CancellationToken.None))));
        Assert.InRange(peak, 1, 3);
    }

    [Fact]
    public async Task A_storm_of_ten_thousand_requests_completes_at_the_configured_rate_without_failures()
    {
        var time = new FakeTimeProvider();
        using var throttle = new SigningThrottle(time, tokensPerSecond: 500, burst: 100, maxConcurrency: 2);
        var done = 0;
        var storm = Enumerable.Range(0, 10_000).Select(_ => throttle.RunAsync(() => Interlocked.Increment(ref done), CancellationToken.None)).ToList();
        var simulated = TimeSpan.Zero;
        while (storm.Any(t => !t.IsCompleted) && simulated < TimeSpan.FromMinutes(5))
        {
            time.Advance(TimeSpan.FromMilliseconds(500));
            simulated += TimeSpan.FromMilliseconds(500);
            await Task.Delay(5);
        }

        await Task.WhenAll(storm);
        Assert.Equal(10_000, done);

        // (10,000 - 100 burst) / 500 per second ≈ 20 s of simulated time; allow scheduling slack.
        Assert.InRange(simulated, TimeSpan.FromSeconds(19), TimeSpan.FromSeconds(60));
        Assert.Equal(0, throttle.Waiting);
    }

    [Fact]
    public async Task Later_requests_are_not_starved_by_a_queue()
    {
        var time = new FakeTimeProvider();
        using var throttle = new SigningThrottle(time, tokensPerSecond: 10, burst: 1, maxConcurrency: 1);
        var order = new List<int>();
        var first = throttle.RunAsync(() => { order.Add(0); return 0; }, CancellationToken.None);
        var queued = Enumerable.Range(1, 5).Select(i => throttle.RunAsync(() => { lock (order) { order.Add(i); } return i; }, CancellationToken.None)).ToList();
        await first;
        Assert.Equal(5, throttle.Waiting);
        for (var i = 0; i < 10 && queued.Any(t => !t.IsCompleted); i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(10);
        }

        await Task.WhenAll(queued);
        Assert.Equal([0, 1, 2, 3, 4, 5], order);
    }

    [Fact]
    public async Task Cancelled_waiters_leave_the_queue_without_taking_a_token()
    {
        var time = new FakeTimeProvider();
        using var throttle = new SigningThrottle(time, tokensPerSecond: 1, burst: 1, maxConcurrency: 1);
        Assert.True(throttle.TryTakeToken(out _));
        using var cts = new CancellationTokenSource();
        var cancelled = throttle.RunAsync(() => 1, cts.Token);
        var kept = throttle.RunAsync(() => 2, CancellationToken.None);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, await kept.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) != current)
        {
            current = Volatile.Read(ref target);
        }
    }
}
