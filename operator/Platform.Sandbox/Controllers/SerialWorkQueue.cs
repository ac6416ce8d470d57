using System.Threading.Channels;
using Platform.Sandbox.Errors;

namespace Platform.Sandbox.Controllers;

/// <summary>
/// The in-process controllers' work loop: items queued from store commits are handled one at a time, in order,
/// on a background task; an API error fails only that item. Disposal stops the loop (waiting briefly for the
/// item in hand).
/// </summary>
internal sealed class SerialWorkQueue<T> : IDisposable
{
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(5);
    private readonly Channel<T> _queue = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<T, CancellationToken, Task> _handle;
    private readonly Action<T, ApiException> _failed;
    private readonly Task _loop;

    public SerialWorkQueue(Func<T, CancellationToken, Task> handle, Action<T, ApiException> failed)
    {
        _handle = handle;
        _failed = failed;
        _loop = Task.Run(RunAsync);
    }

    public void Enqueue(T item) => _queue.Writer.TryWrite(item);

    public void Dispose()
    {
        _stop.Cancel();
        _queue.Writer.TryComplete();
        try
        {
            _loop.Wait(StopWait);
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        try
        {
            await foreach (var item in _queue.Reader.ReadAllAsync(_stop.Token))
            {
                try
                {
                    await _handle(item, _stop.Token);
                }
                catch (ApiException ex)
                {
                    _failed(item, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
