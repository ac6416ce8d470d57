using Microsoft.Extensions.Logging;

namespace Platform.Operator.Suite;

/// <summary>Log messages of the sandbox suite.</summary>
internal static partial class SuiteLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Installed {Count} objects from {Source}")]
    public static partial void Installed(this ILogger logger, int count, string source);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Admission webhook server listening on https://{Address}:{Port}")]
    public static partial void WebhookServerListening(this ILogger logger, string address, int port);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Webhook server port {Port} was taken before it could be bound; trying another")]
    public static partial void PortTaken(this ILogger logger, int port, Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Admission answers through the API server")]
    public static partial void AdmissionReady(this ILogger logger);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "SPIFFE bundle endpoint (federation) at {Url}")]
    public static partial void BundleEndpointListening(this ILogger logger, Uri url);
}
