using Microsoft.Extensions.Logging;

namespace Platform.Operator.Runtime.Diagnostics;

/// <summary>The runtime's source-generated log messages.</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(1001, LogLevel.Information, "Informer for {Resource} listed {Count} objects at resourceVersion {ResourceVersion}")]
    public static partial void Listed(this ILogger logger, string resource, int count, string resourceVersion);

    [LoggerMessage(1002, LogLevel.Information, "Watch of {Resource} expired (410 Gone) at resourceVersion {ResourceVersion}; re-listing")]
    public static partial void WatchExpired(this ILogger logger, string resource, string resourceVersion);

    [LoggerMessage(1003, LogLevel.Warning, "List/watch of {Resource} failed ({Reason}); retrying in {Delay}")]
    public static partial void WatchFailed(this ILogger logger, string resource, string reason, TimeSpan delay, Exception exception);

    [LoggerMessage(1004, LogLevel.Warning, "Skipped a malformed watch event for {Resource}: {Problem}")]
    public static partial void MalformedEvent(this ILogger logger, string resource, string problem);

    [LoggerMessage(1005, LogLevel.Warning, "Watch of {Resource} was silent for {Timeout}; recycling it")]
    public static partial void WatchdogFired(this ILogger logger, string resource, TimeSpan timeout);

    [LoggerMessage(1006, LogLevel.Error, "An informer event handler for {Resource} threw")]
    public static partial void HandlerFailed(this ILogger logger, string resource, Exception exception);

    [LoggerMessage(2001, LogLevel.Debug, "Reconciling {Controller} {Key}")]
    public static partial void Reconciling(this ILogger logger, string controller, string key);

    [LoggerMessage(2002, LogLevel.Error, "Reconcile of {Controller} {Key} threw; retry {Retry} in {Delay}")]
    public static partial void ReconcileThrew(this ILogger logger, string controller, string key, int retry, TimeSpan delay, Exception exception);

    [LoggerMessage(2003, LogLevel.Warning, "Reconcile of {Controller} {Key} failed: {Message}")]
    public static partial void ReconcileFailed(this ILogger logger, string controller, string key, string message);

    [LoggerMessage(2004, LogLevel.Information, "Controller {Controller} started with {Workers} workers")]
    public static partial void ControllerStarted(this ILogger logger, string controller, int workers);

    [LoggerMessage(2005, LogLevel.Information, "Controller {Controller} stopped")]
    public static partial void ControllerStopped(this ILogger logger, string controller);

    [LoggerMessage(2006, LogLevel.Warning, "Shutdown bound of {Timeout} reached; cancelling in-flight reconciles of {Controller}")]
    public static partial void ShutdownCancelling(this ILogger logger, TimeSpan timeout, string controller);

    [LoggerMessage(3001, LogLevel.Information, "Started leading {Lease} as {Identity}")]
    public static partial void StartedLeading(this ILogger logger, string lease, string identity);

    [LoggerMessage(3002, LogLevel.Warning, "Stopped leading {Lease} as {Identity}; cancelling in-flight reconciles")]
    public static partial void StoppedLeading(this ILogger logger, string lease, string identity);

    [LoggerMessage(3003, LogLevel.Information, "New leader of {Lease}: {Leader}")]
    public static partial void NewLeader(this ILogger logger, string lease, string leader);

    [LoggerMessage(3004, LogLevel.Warning, "Leader election for {Lease} hit an error")]
    public static partial void LeaderElectionError(this ILogger logger, string lease, Exception exception);

    [LoggerMessage(4001, LogLevel.Warning, "Could not publish event {Reason} for {Object}")]
    public static partial void EventPublishFailed(this ILogger logger, string reason, string @object, Exception exception);

    [LoggerMessage(4002, LogLevel.Warning, "Secondary watch mapper for {Controller} threw")]
    public static partial void MapperFailed(this ILogger logger, string controller, Exception exception);
}
