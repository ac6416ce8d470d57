namespace Platform.Operator.Runtime.Informers;

/// <summary>How one watch request ended.</summary>
internal enum WatchOutcome
{
    /// <summary>410 Gone: the resourceVersion is too old; re-list.</summary>
    Expired,

    /// <summary>Nothing arrived for longer than the watchdog allows; recycled.</summary>
    Watchdog,

    /// <summary>The server closed the stream after delivering something; resume at once.</summary>
    ClosedAfterEvents,

    /// <summary>The server closed the stream without delivering anything; resume after a backoff.</summary>
    ClosedEmpty,
}
