using Platform.Crds.Istio;

namespace Platform.Registry.Addresses;

/// <summary>
/// Whether an entry gets virtual IPs allocated for it (Istio's v2 auto-allocation): only when the feature is on,
/// the resolution is not NONE, the entry declares no addresses of its own and it has not opted out by label.
/// </summary>
internal static class VipAutoAllocation
{
    /// <summary>Decides auto-allocation for <paramref name="entry"/>.</summary>
    public static bool Applies(ServiceEntry entry, bool featureEnabled)
    {
        var spec = entry.Spec;
        if (!featureEnabled || spec is null)
        {
            return false;
        }

        if (string.IsNullOrEmpty(spec.Resolution) || spec.Resolution == ServiceEntryResolution.None)
        {
            return false;
        }

        if (spec.Addresses is { Count: > 0 })
        {
            return false;
        }

        var labels = entry.Metadata?.Labels;
        return labels is null
            || !labels.TryGetValue(IstioMetadata.EnableAutoAllocateIpLabel, out var optIn)
            || !string.Equals(optIn, "false", StringComparison.OrdinalIgnoreCase);
    }
}
