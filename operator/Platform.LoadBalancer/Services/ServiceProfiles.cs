using k8s.Models;
using Platform.LoadBalancer.Addressing;
using Platform.LoadBalancer.Allocation;

namespace Platform.LoadBalancer.Services;

/// <summary>Reads what the allocator needs from a Service object.</summary>
public static class ServiceProfiles
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    /// <summary>namespace/name.</summary>
    public static string KeyOf(V1Service service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return $"{service.Metadata?.NamespaceProperty}/{service.Metadata?.Name}";
    }

    /// <summary>Builds the allocator's view of a Service.</summary>
    public static ServiceProfile From(V1Service service, string sharingKey, IReadOnlyDictionary<string, string>? namespaceLabels)
    {
        ArgumentNullException.ThrowIfNull(service);
        var ports = (service.Spec?.Ports ?? [])
            .Select(p => new ServicePortKey(string.IsNullOrEmpty(p.Protocol) ? "TCP" : p.Protocol, p.Port))
            .Distinct()
            .ToList();
        return new ServiceProfile(
            KeyOf(service),
            service.Metadata?.NamespaceProperty ?? string.Empty,
            service.Metadata?.Labels is { } labels ? new Dictionary<string, string>(labels) : NoLabels,
            namespaceLabels ?? NoLabels,
            sharingKey,
            BackendKey(service),
            ports);
    }

    /// <summary>
    /// MetalLB's backend key: empty for externalTrafficPolicy Cluster; for Local the pod selector rendered as
    /// sorted <c>k=v,k=v</c> — so two Local Services share only with identical selectors.
    /// </summary>
    public static string BackendKey(V1Service service)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (!string.Equals(service.Spec?.ExternalTrafficPolicy, "Local", StringComparison.Ordinal))
        {
            return string.Empty;
        }

        return string.Join(",", (service.Spec?.Selector ?? new Dictionary<string, string>())
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"{kv.Key}={kv.Value}"));
    }

    /// <summary>
    /// The families the Service needs, from its clusterIPs (1 → that family; 2 → dual) and ipFamilyPolicy
    /// (nil → SingleStack), as MetalLB does. Null with a reason when it has no usable clusterIP.
    /// </summary>
    public static FamilyRequirement? Families(V1Service service, out string? problem, out string? conditionReason)
    {
        ArgumentNullException.ThrowIfNull(service);
        problem = null;
        conditionReason = null;
        var texts = service.Spec?.ClusterIPs is { Count: > 0 } list ? list : [service.Spec?.ClusterIP ?? string.Empty];
        var families = new List<IpFamily>();
        foreach (var text in texts)
        {
            if (AddressParser.TryParseAddress(text, out var address) && !families.Contains(address.Family))
            {
                families.Add(address.Family);
            }
        }

        var policy = service.Spec?.IpFamilyPolicy ?? "SingleStack";
        if (families.Count == 0)
        {
            problem = "the service has no clusterIP";
            conditionReason = ServiceConditions.NoClusterIP;
            return null;
        }

        if (families.Count == 1)
        {
            if (policy == "RequireDualStack")
            {
                problem = "RequireDualStack needs two clusterIPs, the service has one";
                conditionReason = ServiceConditions.NotEnoughClusterIPs;
                return null;
            }

            return new FamilyRequirement(FamilyMode.Single, families[0]);
        }

        var primary = service.Spec?.IpFamilies is { Count: > 0 } ipFamilies && ipFamilies[0] == "IPv6" ? IpFamily.IPv6 : IpFamily.IPv4;
        return new FamilyRequirement(policy == "PreferDualStack" ? FamilyMode.PreferDual : FamilyMode.RequireDual, primary);
    }
}
