namespace Platform.Registry.Validation;

/// <summary>Mesh-wide settings that change which ServiceEntries Istio's rules warn about.</summary>
public sealed record ServiceEntryValidationOptions
{
    /// <summary>The defaults: VIP auto-allocation on (Istio's default since 1.25), NONE target ports honoured.</summary>
    public static ServiceEntryValidationOptions Default { get; } = new();

    /// <summary>
    /// VIP auto-allocation (Istio's <c>PILOT_ENABLE_IP_AUTOALLOCATE</c>). When off, TCP ports of entries without
    /// addresses draw the "addresses are required" warning. Entries can still opt out with the
    /// <c>networking.istio.io/enable-autoallocate-ip: "false"</c> label.
    /// </summary>
    public bool IpAutoAllocation { get; init; } = true;

    /// <summary>
    /// Whether <c>targetPort</c> is honoured for NONE resolution (passthrough port override). When off, setting it
    /// on a NONE entry draws the "targetPort has no effect" warning, as in Istio releases without the feature.
    /// </summary>
    public bool PassthroughTargetPort { get; init; } = true;
}
