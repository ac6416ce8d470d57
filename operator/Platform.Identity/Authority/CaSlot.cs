namespace Platform.Identity.Authority;

/// <summary>A CA generation with its status and, once retired, how long it must stay published.</summary>
internal sealed class CaSlot(SigningAuthority authority, CaSlotStatus status, DateTimeOffset retainUntil)
{
    public SigningAuthority Authority { get; } = authority;

    public CaSlotStatus Status { get; set; } = status;

    /// <summary>Persisted lower bound of how long a retired CA stays published.</summary>
    public DateTimeOffset RetainUntil { get; set; } = retainUntil;

    /// <summary>Retired CAs stay until both the persisted bound and any SVID signed since have expired.</summary>
    public DateTimeOffset EffectiveRetainUntil =>
        Authority.LastIssuedNotAfter > RetainUntil ? Authority.LastIssuedNotAfter : RetainUntil;
}
