namespace Platform.LoadBalancer.Services;

/// <summary>MetalLB's controller event reasons on Services (kept verbatim, including their casing).</summary>
public static class ServiceEventReasons
{
    /// <summary>Normal: addresses assigned.</summary>
    public const string IPAllocated = "IPAllocated";

    /// <summary>Warning: no address could be allocated.</summary>
    public const string AllocationFailed = "AllocationFailed";

    /// <summary>Warning: the requested addresses are invalid.</summary>
    public const string LoadBalancerFailed = "LoadBalancerFailed";

    /// <summary>Normal: the current addresses are no longer allowed and were cleared.</summary>
    public const string ClearAssignment = "ClearAssignment";

    /// <summary>Normal: PreferDualStack could not add the second family.</summary>
    public const string AdditionalAssignFailed = "AdditionalAssignFailed";

    /// <summary>Warning: RequireDualStack with fewer than two clusterIPs.</summary>
    public const string NotEnoughClusterIPs = "not enough clusterips";

    /// <summary>Warning: the addresses in the status are unusable.</summary>
    public const string NoLoadBalancerIPsFamily = "nolbIPsIPFamily";

    /// <summary>Warning: a legacy metallb.universe.tf/* annotation is in use.</summary>
    public const string DeprecatedAnnotation = "deprecatedAnnotation";
}
