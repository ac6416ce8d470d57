using Microsoft.Extensions.Logging;

namespace Platform.Webhooks.Diagnostics;

internal static partial class WebhookLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Admission webhook server listening on {Address} with {Count} webhooks")]
    public static partial void Listening(this ILogger logger, string address, int count);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "Rejected admission request to {Path}: HTTP {Code} {Message}")]
    public static partial void Rejected(this ILogger logger, string path, int code, string message);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Webhook {Webhook} did not answer within {Timeout}")]
    public static partial void TimedOut(this ILogger logger, string webhook, TimeSpan timeout);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Error, Message = "Webhook {Webhook} failed")]
    public static partial void WebhookFailed(this ILogger logger, string webhook, Exception exception);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Serving certificate {Subject} loaded (expires {NotAfter:O})")]
    public static partial void CertificateLoaded(this ILogger logger, string subject, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "Serving certificate files in {Directory} cannot be used yet; keeping the current certificate")]
    public static partial void CertificateFilesUnusable(this ILogger logger, string directory, Exception exception);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Information, Message = "Created the webhook CA in Secret {Namespace}/{Name}")]
    public static partial void CaCreated(this ILogger logger, string @namespace, string name);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Information, Message = "Wrote the caBundle into {Kind} {Name}")]
    public static partial void CaBundleWritten(this ILogger logger, string kind, string name);

    [LoggerMessage(EventId = 4014, Level = LogLevel.Warning, Message = "Self-managed certificate step failed; retrying in {Delay}")]
    public static partial void SelfManagedStepFailed(this ILogger logger, TimeSpan delay, Exception exception);
}
