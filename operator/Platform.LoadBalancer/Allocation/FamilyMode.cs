namespace Platform.LoadBalancer.Allocation;

/// <summary>How many address families a Service gets.</summary>
public enum FamilyMode
{
    /// <summary>One address of the primary family.</summary>
    Single,

    /// <summary>One address of each family from one pool, or nothing.</summary>
    RequireDual,

    /// <summary>Both families from one pool if possible, else one (primary first).</summary>
    PreferDual,
}
