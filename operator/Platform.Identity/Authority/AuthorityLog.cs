using Microsoft.Extensions.Logging;

namespace Platform.Identity.Authority;

/// <summary>Log messages of the trust-domain CA (serials and times only, never key material).</summary>
internal static partial class AuthorityLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Created CA for trust domain {TrustDomain}: serial {Serial}, key {KeyType}, valid until {NotAfter:O}")]
    public static partial void Created(ILogger logger, string trustDomain, string serial, string keyType, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Loaded {Count} CA generation(s) for trust domain {TrustDomain}; active serial {Serial}")]
    public static partial void Loaded(ILogger logger, int count, string trustDomain, string serial);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Prepared next CA serial {Serial} (published, not yet signing)")]
    public static partial void Prepared(ILogger logger, string serial);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "Activated CA serial {Serial}; retired serial {RetiredSerial} stays published until {RetainUntil:O}")]
    public static partial void Activated(ILogger logger, string serial, string retiredSerial, DateTimeOffset retainUntil);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "Removed retired CA serial {Serial} from the bundle")]
    public static partial void Pruned(ILogger logger, string serial);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Warning, Message = "Stored CA state is unusable ({Reason}); creating a new CA")]
    public static partial void StoredStateUnusable(ILogger logger, string reason);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Warning, Message = "Default SVID TTL {SvidTtl} exceeds CA TTL/6 ({Limit}); SVIDs issued near a rotation will be shortened")]
    public static partial void SvidTtlTooLong(ILogger logger, TimeSpan svidTtl, TimeSpan limit);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Warning, Message = "Stored CA serial {Serial} is not {Expected}; replacing it (the CA mode or the upstream CA changed)")]
    public static partial void Replaced(ILogger logger, string serial, string expected);
}
