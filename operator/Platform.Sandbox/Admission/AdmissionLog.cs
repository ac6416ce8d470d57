using Microsoft.Extensions.Logging;
using Platform.Sandbox.Api;

namespace Platform.Sandbox.Admission;

/// <summary>Log messages of the webhook admission chain.</summary>
internal static partial class AdmissionLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Webhook} failed and is ignored (failurePolicy Ignore): {Error}")]
    public static partial void WebhookFailureIgnored(ILogger logger, string webhook, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhook {Webhook} called for {Operation} {Resource} {Namespace}/{Name}: allowed={Allowed}")]
    public static partial void WebhookCalled(ILogger logger, string webhook, AdmissionOperation operation, string resource, string @namespace, string name, bool allowed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipping malformed webhook configuration {Configuration}: {Error}")]
    public static partial void MalformedConfiguration(ILogger logger, string configuration, string error);
}
