namespace Platform.Registry;

/// <summary>Labels and annotations on ServiceEntry objects that change how Istio (and we) treat them.</summary>
public static class IstioMetadata
{
    /// <summary>Label; <c>"false"</c> (any case) opts the entry out of VIP auto-allocation.</summary>
    public const string EnableAutoAllocateIpLabel = "networking.istio.io/enable-autoallocate-ip";

    /// <summary>Label naming the waypoint (ambient) the service uses; <c>none</c> or empty means no waypoint.</summary>
    public const string UseWaypointLabel = "istio.io/use-waypoint";
}
