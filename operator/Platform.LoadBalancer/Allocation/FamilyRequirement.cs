using Platform.LoadBalancer.Addressing;

namespace Platform.LoadBalancer.Allocation;

/// <summary>The families a Service needs, derived from its clusterIPs and ipFamilyPolicy.</summary>
/// <param name="Mode">Single or dual stack.</param>
/// <param name="Primary">The family for single stack; the preferred one (ipFamilies[0]) for dual stack.</param>
public readonly record struct FamilyRequirement(FamilyMode Mode, IpFamily Primary)
{
    /// <summary>One IPv4 address.</summary>
    public static FamilyRequirement IPv4 => new(FamilyMode.Single, IpFamily.IPv4);

    /// <summary>One IPv6 address.</summary>
    public static FamilyRequirement IPv6 => new(FamilyMode.Single, IpFamily.IPv6);

    /// <summary>The other family.</summary>
    public IpFamily Secondary => Primary == IpFamily.IPv4 ? IpFamily.IPv6 : IpFamily.IPv4;

    /// <summary>Whether the Service is dual stack.</summary>
    public bool IsDual => Mode != FamilyMode.Single;

    /// <inheritdoc />
    public override string ToString() => Mode switch
    {
        FamilyMode.Single => Primary.ToString(),
        FamilyMode.RequireDual => "RequireDualStack",
        _ => "PreferDualStack",
    };
}
