namespace Platform.Operator.Runtime.Informers;

/// <summary>Removes an informer handler when disposed (once).</summary>
internal sealed class InformerSubscription(Action dispose) : IDisposable
{
    private Action? _dispose = dispose;

    public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
}
