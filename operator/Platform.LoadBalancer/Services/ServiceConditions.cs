namespace Platform.LoadBalancer.Services;

/// <summary>The condition this suite writes on LoadBalancer Services, and its reasons (CamelCase).</summary>
public static class ServiceConditions
{
    /// <summary>The condition type.</summary>
    public const string AddressAssigned = "LoadBalancerAddressAssigned";

    /// <summary>True: every needed address is assigned.</summary>
    public const string Assigned = "Assigned";

    /// <summary>True: PreferDualStack got only one family.</summary>
    public const string PartiallyAssigned = "PartiallyAssigned";

    /// <summary>False: compatible pools have no free address.</summary>
    public const string PoolExhausted = "PoolExhausted";

    /// <summary>False: a requested address is held by a Service it may not share with.</summary>
    public const string RequestedAddressTaken = "RequestedAddressTaken";

    /// <summary>False: no pool may serve the Service (serviceAllocation, autoAssign, families).</summary>
    public const string NoCompatiblePool = "NoCompatiblePool";

    /// <summary>False: the address-pool annotation names no pool.</summary>
    public const string UnknownPool = "UnknownPool";

    /// <summary>False: a requested address lies in no pool (or not in the named pool, or the wrong family).</summary>
    public const string AddressNotInPool = "AddressNotInPool";

    /// <summary>False: an annotation or spec.loadBalancerIP cannot be used.</summary>
    public const string InvalidAnnotation = "InvalidAnnotation";

    /// <summary>False: no IPAddressPool exists.</summary>
    public const string NoPools = "NoPools";

    /// <summary>False: the Service has no clusterIP yet.</summary>
    public const string NoClusterIP = "NoClusterIP";

    /// <summary>False: RequireDualStack with fewer than two clusterIPs.</summary>
    public const string NotEnoughClusterIPs = "NotEnoughClusterIPs";
}
