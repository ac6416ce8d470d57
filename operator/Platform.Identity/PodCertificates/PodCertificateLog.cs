using Microsoft.Extensions.Logging;

namespace Platform.Identity.PodCertificates;

/// <summary>Log messages of the PodCertificateRequest signer (names and reasons only, never key or certificate bytes).</summary>
internal static partial class PodCertificateLog
{
    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Issued {SpiffeId} for PodCertificateRequest {Namespace}/{Name}, valid until {NotAfter:O}")]
    public static partial void Issued(ILogger logger, Platform.Identity.Spiffe.SpiffeId spiffeId, string? @namespace, string? name, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "PodCertificateRequest {Namespace}/{Name} {Outcome}: {Reason}: {Message}")]
    public static partial void Refused(ILogger logger, string? @namespace, string? name, PodCertificateOutcome outcome, string reason, string message);
}
