using Microsoft.Extensions.Logging;

namespace Platform.Webhooks.Federation;

/// <summary>Log messages of the SPIFFE bundle endpoint server.</summary>
internal static partial class BundleEndpointLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "SPIFFE bundle endpoint listening on {Address}")]
    public static partial void Listening(this ILogger logger, string address);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "Bundle endpoint answered {Method} {Path} with HTTP {Code}")]
    public static partial void Answered(this ILogger logger, string method, string path, int code);
}
