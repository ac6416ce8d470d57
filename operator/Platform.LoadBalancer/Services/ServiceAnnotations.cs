namespace Platform.LoadBalancer.Services;

/// <summary>MetalLB's Service annotations, current and legacy prefix.</summary>
public static class ServiceAnnotations
{
    /// <summary>The current prefix.</summary>
    public const string Prefix = "metallb.io/";

    /// <summary>The deprecated prefix, still honoured (the current prefix wins).</summary>
    public const string LegacyPrefix = "metallb.universe.tf/";

    /// <summary>One IP, or two of different families.</summary>
    public const string LoadBalancerIPs = Prefix + "loadBalancerIPs";

    /// <summary>Allocate from this pool only.</summary>
    public const string AddressPool = Prefix + "address-pool";

    /// <summary>The sharing key.</summary>
    public const string AllowSharedIP = Prefix + "allow-shared-ip";

    /// <summary>Written by the controller: the pool the addresses came from.</summary>
    public const string AllocatedFromPool = Prefix + "ip-allocated-from-pool";

    /// <summary>Reads an annotation by its short name, the current prefix winning over the legacy one.</summary>
    /// <param name="annotations">The Service's annotations.</param>
    /// <param name="shortName">e.g. <c>address-pool</c>.</param>
    /// <param name="usedLegacyKey">The legacy key when it supplied the value.</param>
    public static string? Read(IDictionary<string, string>? annotations, string shortName, out string? usedLegacyKey)
    {
        usedLegacyKey = null;
        if (annotations is null)
        {
            return null;
        }

        if (annotations.TryGetValue(Prefix + shortName, out var value))
        {
            return value;
        }

        if (annotations.TryGetValue(LegacyPrefix + shortName, out var legacy))
        {
            usedLegacyKey = LegacyPrefix + shortName;
            return legacy;
        }

        return null;
    }
}
