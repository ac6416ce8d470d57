namespace Platform.Identity.Authority;

/// <summary>Life stage of a CA generation (SPIRE's journal: PREPARED, ACTIVE, OLD).</summary>
internal enum CaSlotStatus
{
    /// <summary>Created and published in the bundle, not yet signing.</summary>
    Prepared,

    /// <summary>Signs new SVIDs.</summary>
    Active,

    /// <summary>No longer signs; published until the last SVID it signed expires.</summary>
    Retired,
}
