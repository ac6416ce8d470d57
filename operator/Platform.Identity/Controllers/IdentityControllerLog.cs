using Microsoft.Extensions.Logging;

namespace Platform.Identity.Controllers;

/// <summary>Source-generated log messages of the identity controllers (never key material).</summary>
internal static partial class IdentityControllerLog
{
    [LoggerMessage(EventId = 6201, Level = LogLevel.Information, Message = "Trust-domain CA ready for {TrustDomain}; next rotation step at {NextStep:O}")]
    public static partial void AuthorityReady(ILogger logger, string trustDomain, DateTimeOffset nextStep);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Warning, Message = "Trust-domain CA could not be initialised: {Reason}")]
    public static partial void AuthorityUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 6203, Level = LogLevel.Information, Message = "Trust bundle changed to sequence {Sequence}; republishing to {Namespaces} namespaces")]
    public static partial void BundleChanged(ILogger logger, long sequence, int namespaces);

    [LoggerMessage(EventId = 6204, Level = LogLevel.Warning, Message = "CA rotation step failed: {Reason}")]
    public static partial void RotationFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 6205, Level = LogLevel.Information, Message = "CertificateSigningRequest {Name} {Decision}: {Reason}")]
    public static partial void CsrDecided(ILogger logger, string? name, string decision, string reason);

    [LoggerMessage(EventId = 6206, Level = LogLevel.Debug, Message = "Published ClusterTrustBundle {Name} at sequence {Sequence}")]
    public static partial void ClusterBundlePublished(ILogger logger, string name, long sequence);

    [LoggerMessage(EventId = 6207, Level = LogLevel.Information, Message = "Leadership term started: loading the trust-domain CA of {TrustDomain}")]
    public static partial void TermStarted(ILogger logger, string trustDomain);

    [LoggerMessage(EventId = 6208, Level = LogLevel.Information, Message = "Leadership term ended: CA rotation of {TrustDomain} stopped and the loaded CA forgotten")]
    public static partial void TermEnded(ILogger logger, string trustDomain);

    [LoggerMessage(EventId = 6209, Level = LogLevel.Information, Message = "Upstream CA from Secret {Secret}: {Subject}, valid until {NotAfter:O}")]
    public static partial void UpstreamLoaded(ILogger logger, string secret, string subject, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 6210, Level = LogLevel.Warning, Message = "{Problem}; signing waits until it is fixed")]
    public static partial void UpstreamUnavailable(ILogger logger, string problem);
}
