using System.Threading.Channels;

namespace Platform.Sandbox.Storage;

/// <summary>
/// A live watcher of one bucket. Events are queued without blocking the writer; the HTTP side drains
/// <see cref="Events"/>. Completing the channel ends the watch (server-side close).
/// </summary>
internal sealed class WatchSubscription : IDisposable
{
    private readonly ResourceBucket _bucket;
    private readonly Channel<StoreEvent> _channel =
        Channel.CreateUnbounded<StoreEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });

    public WatchSubscription(ResourceBucket bucket) => _bucket = bucket;

    public ChannelReader<StoreEvent> Events => _channel.Reader;

    internal bool Offer(StoreEvent e) => _channel.Writer.TryWrite(e);

    public void Close() => _channel.Writer.TryComplete();

    public void Dispose()
    {
        Close();
        _bucket.Unsubscribe(this);
    }
}
