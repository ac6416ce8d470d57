namespace Platform.Operator.Runtime.Controllers;

/// <summary>The type-erased face of a controller, for the runtime's lifecycle.</summary>
internal interface IControllerWorker
{
    /// <summary>The controller name: the metrics label and the queue name.</summary>
    string Name { get; }

    /// <summary>Subscribes to the informers (primary and secondary) so events fill the queue.</summary>
    void Attach();

    /// <summary>Queues every known key again (on gaining leadership).</summary>
    void Resync();

    /// <summary>
    /// Runs the workers for one leadership term. <paramref name="stopTaking"/> stops taking keys (graceful
    /// shutdown); <paramref name="abort"/> cancels in-flight reconciles (term lost, or shutdown bound reached).
    /// </summary>
    Task RunAsync(CancellationToken stopTaking, CancellationToken abort);
}
