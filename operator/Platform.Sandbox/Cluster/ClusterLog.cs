using Microsoft.Extensions.Logging;

namespace Platform.Sandbox.Cluster;

/// <summary>Log messages of the simulated cluster's components.</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "watch of {Resource} broke, relisting: {Reason}")]
    public static partial void WatchFailed(ILogger logger, string resource, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Component}: sync of {Key} failed (attempt {Attempt}): {Reason}")]
    public static partial void SyncFailed(ILogger logger, string component, string key, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "node {Node} registered")]
    public static partial void NodeRegistered(ILogger logger, string node);

    [LoggerMessage(Level = LogLevel.Debug, Message = "node {Node} heartbeat failed: {Reason}")]
    public static partial void HeartbeatFailed(ILogger logger, string node, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "bound pod {Namespace}/{Pod} to {Node}")]
    public static partial void PodBound(ILogger logger, string @namespace, string pod, string node);

    [LoggerMessage(Level = LogLevel.Debug, Message = "pod {Namespace}/{Pod} is running on {Node}")]
    public static partial void PodRunning(ILogger logger, string @namespace, string pod, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "pod {Namespace}/{Pod}: volume {Volume} failed: {Reason}")]
    public static partial void VolumeFailed(ILogger logger, string @namespace, string pod, string volume, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "pod {Namespace}/{Pod}: created PodCertificateRequest {Request} for volume {Volume}")]
    public static partial void CertificateRequested(ILogger logger, string @namespace, string pod, string request, string volume);

    [LoggerMessage(Level = LogLevel.Debug, Message = "pod {Namespace}/{Pod}: wrote credentials of volume {Volume}, refresh at {RefreshAt}")]
    public static partial void CredentialsWritten(ILogger logger, string @namespace, string pod, string volume, DateTimeOffset refreshAt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "event {Reason} on {Namespace}/{Pod} not recorded: {Failure}")]
    public static partial void EventFailed(ILogger logger, string reason, string @namespace, string pod, string failure);
}
