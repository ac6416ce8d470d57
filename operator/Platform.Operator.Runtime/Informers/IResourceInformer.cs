namespace Platform.Operator.Runtime.Informers;

/// <summary>The type-erased face of an informer, for the registry and health checks.</summary>
internal interface IResourceInformer
{
    /// <summary>The resource it watches, e.g. services or ipaddresspools.metallb.io.</summary>
    string Resource { get; }

    /// <summary>Whether the initial list has been loaded.</summary>
    bool HasSynced { get; }

    /// <summary>Lists and watches until cancelled; never throws for API failures.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
