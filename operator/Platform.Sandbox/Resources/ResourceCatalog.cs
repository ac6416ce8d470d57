using System.Collections.Concurrent;

namespace Platform.Sandbox.Resources;

/// <summary>
/// Every group/version/resource the server currently serves: the built-ins plus those of established
/// CustomResourceDefinitions. Reads are lock-free; CRD changes replace entries atomically.
/// </summary>
internal sealed class ResourceCatalog
{
    private readonly ConcurrentDictionary<(string Group, string Version, string Plural), ResourceType> _types = new();

    public ResourceCatalog()
    {
        foreach (var t in BuiltInResources.All)
        {
            _types[(t.Group, t.Version, t.Plural)] = t;
        }
    }

    /// <summary>Raised after the set of served resources changes (CRD added or removed).</summary>
    public event Action? Changed;

    public ResourceType? Find(string group, string version, string plural) =>
        _types.TryGetValue((group, version, plural), out var t) ? t : null;

    public IReadOnlyList<ResourceType> All => [.. _types.Values];

    /// <summary>Groups with their versions, newest-preferred first; the core group is excluded.</summary>
    public IReadOnlyList<(string Group, IReadOnlyList<string> Versions)> Groups()
    {
        return [.. _types.Values
            .Where(t => t.Group.Length > 0)
            .GroupBy(t => t.Group, StringComparer.Ordinal)
            .OrderBy(g => BuiltInOrder(g.Key))
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<string>)[.. g.Select(t => t.Version).Distinct().OrderBy(VersionPriority.Rank)]))];
    }

    public IReadOnlyList<ResourceType> InGroupVersion(string group, string version) =>
        [.. _types.Values.Where(t => t.Group == group && t.Version == version).OrderBy(t => t.Plural, StringComparer.Ordinal)];

    /// <summary>Replaces every resource served for the CRD <paramref name="crdName"/> with <paramref name="types"/>.</summary>
    public void SetCustom(string crdName, IReadOnlyList<ResourceType> types)
    {
        foreach (var (key, t) in _types)
        {
            if (t.IsCustom && t.CrdName == crdName && !types.Any(n => (n.Group, n.Version, n.Plural) == key))
            {
                _types.TryRemove(key, out _);
            }
        }

        foreach (var t in types)
        {
            _types[(t.Group, t.Version, t.Plural)] = t;
        }

        Changed?.Invoke();
    }

    /// <summary>All versions of the storage bucket <paramref name="storageKey"/>.</summary>
    public IReadOnlyList<ResourceType> VersionsOf(string storageKey) =>
        [.. _types.Values.Where(t => t.StorageKey == storageKey)];

    /// <summary>The storage version's type of a bucket, or null when nothing serves it any more.</summary>
    public ResourceType? StorageTypeOf(string storageKey)
    {
        ResourceType? any = null;
        foreach (var t in _types.Values)
        {
            if (t.StorageKey != storageKey)
            {
                continue;
            }

            if (t.IsStorageVersion)
            {
                return t;
            }

            any ??= t;
        }

        return any;
    }

    private static int BuiltInOrder(string group) => group switch
    {
        "apiregistration.k8s.io" => 0,
        "apps" => 1,
        "events.k8s.io" => 2,
        "authentication.k8s.io" => 3,
        "rbac.authorization.k8s.io" => 4,
        "networking.k8s.io" => 5,
        "certificates.k8s.io" => 6,
        "coordination.k8s.io" => 7,
        "discovery.k8s.io" => 8,
        "admissionregistration.k8s.io" => 9,
        "apiextensions.k8s.io" => 10,
        _ => 100,
    };
}
