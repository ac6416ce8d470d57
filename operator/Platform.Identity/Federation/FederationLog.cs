using Microsoft.Extensions.Logging;

namespace Platform.Identity.Federation;

/// <summary>Log messages of the federation bundle endpoint's document source.</summary>
internal static partial class FederationLog
{
    [LoggerMessage(EventId = 6301, Level = LogLevel.Warning, Message = "ClusterTrustBundle {Name} cannot be served as a SPIFFE bundle: {Reason}")]
    public static partial void UnusableBundle(ILogger logger, string name, string reason);
}
