namespace Platform.LoadBalancer.Pools;

/// <summary>The condition this suite writes on IPAddressPools.</summary>
public static class PoolConditions
{
    /// <summary>The condition type: whether the pool is in use by the allocator.</summary>
    public const string Valid = "Valid";

    /// <summary>True: accepted.</summary>
    public const string Accepted = "Accepted";

    /// <summary>False: the pool fails validation (message says why).</summary>
    public const string InvalidConfiguration = "InvalidConfiguration";
}
