using Microsoft.Extensions.Time.Testing;
using Platform.Operator.Abstractions.Builder;
using Platform.Operator.Abstractions.Reconciliation;
using Platform.Operator.Runtime.Queues;

namespace Platform.Operator.Runtime.Tests.Queues;

public sealed class WorkQueueTests
{
    private static readonly EntityKey A = new("default", "a");
    private static readonly EntityKey B = new("default", "b");

    private static WorkQueue Create(FakeTimeProvider time) => new("test", new RetryRateLimiter(new OperatorSettings(), time), time);

    private static async Task<EntityKey?> TryTakeAsync(WorkQueue queue, int milliseconds = 100)
    {
        using var timeout = new CancellationTokenSource(milliseconds);
        try
        {
            return await queue.TakeAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    [Fact]
    public async Task A_key_added_twice_is_queued_once()
    {
        using var queue = Create(new FakeTimeProvider());
        queue.Add(A);
        queue.Add(A);
        queue.Add(B);

        Assert.Equal(2, queue.Count);
        Assert.Equal(A, await TryTakeAsync(queue));
        Assert.Equal(B, await TryTakeAsync(queue));
        Assert.Null(await TryTakeAsync(queue));
    }

    [Fact]
    public async Task A_key_added_while_in_flight_is_handed_out_again_only_after_done()
    {
        using var queue = Create(new FakeTimeProvider());
        queue.Add(A);
        var taken = await TryTakeAsync(queue);
        Assert.Equal(A, taken);

        queue.Add(A);
        Assert.Null(await TryTakeAsync(queue));

        queue.Done(A);
        Assert.Equal(A, await TryTakeAsync(queue));
    }

    [Fact]
    public void Per_item_backoff_doubles_from_5ms_caps_at_1000s_and_resets_on_forget()
    {
        var backoff = new ItemExponentialBackoff(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));

        Assert.Equal(TimeSpan.FromMilliseconds(5), backoff.When(A));
        Assert.Equal(TimeSpan.FromMilliseconds(10), backoff.When(A));
        Assert.Equal(TimeSpan.FromMilliseconds(20), backoff.When(A));
        Assert.Equal(TimeSpan.FromMilliseconds(5), backoff.When(B));

        for (var i = 0; i < 100; i++)
        {
            backoff.When(A);
        }

        Assert.Equal(TimeSpan.FromSeconds(1000), backoff.When(A));

        backoff.Forget(A);
        Assert.Equal(TimeSpan.FromMilliseconds(5), backoff.When(A));
    }

    [Fact]
    public void Token_bucket_allows_a_burst_of_100_then_10_per_second()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(10, 100, time);
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(TimeSpan.Zero, bucket.Reserve());
        }

        Assert.Equal(TimeSpan.FromMilliseconds(100), bucket.Reserve());
        Assert.Equal(TimeSpan.FromMilliseconds(200), bucket.Reserve());

        // Two tokens owed; 300 ms refill three: one is free now, the next waits 100 ms again.
        time.Advance(TimeSpan.FromMilliseconds(300));
        Assert.Equal(TimeSpan.Zero, bucket.Reserve());
        Assert.Equal(TimeSpan.FromMilliseconds(100), bucket.Reserve());
    }

    [Fact]
    public void Retry_limiter_takes_the_larger_of_item_backoff_and_bucket()
    {
        var time = new FakeTimeProvider();
        var limiter = new RetryRateLimiter(new OperatorSettings { RetryBucketBurst = 1, RetryBucketQps = 1 }, time);

        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When(A));
        Assert.Equal(TimeSpan.FromSeconds(1), limiter.When(B));
    }

    [Fact]
    public async Task AddAfter_delivers_the_key_only_once_the_delay_passed()
    {
        var time = new FakeTimeProvider();
        using var queue = Create(time);
        queue.AddAfter(A, TimeSpan.FromSeconds(30));

        Assert.Null(await TryTakeAsync(queue));
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.Null(await TryTakeAsync(queue));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(A, await TryTakeAsync(queue, 2000));
    }

    [Fact]
    public async Task The_earlier_of_two_delayed_adds_wins_and_the_key_arrives_once()
    {
        var time = new FakeTimeProvider();
        using var queue = Create(time);
        queue.AddAfter(A, TimeSpan.FromSeconds(60));
        queue.AddAfter(A, TimeSpan.FromSeconds(10));
        queue.AddAfter(A, TimeSpan.FromSeconds(20));

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(A, await TryTakeAsync(queue, 2000));
        queue.Done(A);

        time.Advance(TimeSpan.FromSeconds(60));
        Assert.Null(await TryTakeAsync(queue));
    }

    [Fact]
    public async Task Rate_limited_adds_back_off_exponentially_until_forgotten()
    {
        var time = new FakeTimeProvider();
        using var queue = Create(time);

        Assert.Equal(TimeSpan.FromMilliseconds(5), queue.AddRateLimited(A));
        time.Advance(TimeSpan.FromMilliseconds(4));
        Assert.Null(await TryTakeAsync(queue));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(A, await TryTakeAsync(queue, 2000));
        queue.Done(A);

        Assert.Equal(TimeSpan.FromMilliseconds(10), queue.AddRateLimited(A));
        Assert.Equal(2, queue.Retries(A));
        queue.Forget(A);
        Assert.Equal(0, queue.Retries(A));
        Assert.Equal(TimeSpan.FromMilliseconds(5), queue.AddRateLimited(A));
    }
}
