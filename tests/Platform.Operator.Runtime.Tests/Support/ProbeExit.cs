namespace Platform.Operator.Runtime.Tests.Support;

/// <summary>Runs an action when a probed reconcile ends.</summary>
public sealed class ProbeExit(Action action) : IDisposable
{
    public void Dispose() => action();
}
