namespace Platform.LoadBalancer.Allocation;

/// <summary>Why an allocation or assignment failed.</summary>
public enum AllocationError
{
    /// <summary>It did not fail.</summary>
    None,

    /// <summary>No pool is configured at all.</summary>
    NoPools,

    /// <summary>No pool may serve this Service with the families it needs.</summary>
    NoCompatiblePool,

    /// <summary>Compatible pools exist but have no free (or shareable) address.</summary>
    PoolExhausted,

    /// <summary>The named pool does not exist.</summary>
    UnknownPool,

    /// <summary>A requested address lies in no pool.</summary>
    AddressNotInPool,

    /// <summary>The requested addresses lie in different pools.</summary>
    DifferentPools,

    /// <summary>The pool's serviceAllocation excludes this Service.</summary>
    PoolNotCompatible,

    /// <summary>A requested address is held by a Service it may not share with.</summary>
    AddressInUse,

    /// <summary>More than two addresses.</summary>
    TooManyAddresses,

    /// <summary>Two addresses of one family.</summary>
    SameFamily,

    /// <summary>The addresses' families do not match the Service's.</summary>
    WrongFamily,

    /// <summary>A requested address is outside the pool named by the address-pool annotation.</summary>
    NotInRequestedPool,
}
