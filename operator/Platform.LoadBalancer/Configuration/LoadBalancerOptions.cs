namespace Platform.LoadBalancer.Configuration;

/// <summary>Settings of LoadBalancer address allocation. Immutable; bound once at start.</summary>
public sealed record LoadBalancerOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "LoadBalancer";

    /// <summary>The namespace the suite runs in.</summary>
    public string SuiteNamespace { get; init; } = "platform-system";

    /// <summary>
    /// Namespaces whose IPAddressPools and L2Advertisements are read; empty means the suite's namespace and
    /// <c>metallb-system</c>, so MetalLB's examples apply unchanged.
    /// </summary>
    public IReadOnlyList<string> PoolNamespaces { get; init; } = [];

    /// <summary>The <c>spec.loadBalancerClass</c> handled; null handles only Services without a class (MetalLB's default).</summary>
    public string? LoadBalancerClass { get; init; }

    /// <summary>How often a pending Service is retried even when nothing else changed.</summary>
    public TimeSpan PendingRetryInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Bound of the per-address list on the pool status.</summary>
    public int MaxAssignmentsInPoolStatus { get; init; } = Crds.MetalLB.IPAddressPoolStatus.MaxAssignments;

    /// <summary>The namespaces pools may live in, defaults applied.</summary>
    public IReadOnlyList<string> EffectivePoolNamespaces =>
        PoolNamespaces.Count > 0 ? PoolNamespaces : [SuiteNamespace, "metallb-system"];
}
