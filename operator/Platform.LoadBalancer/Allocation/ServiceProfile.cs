namespace Platform.LoadBalancer.Allocation;

/// <summary>What the allocator needs to know about a Service.</summary>
/// <param name="Key">namespace/name.</param>
/// <param name="Namespace">The Service's namespace.</param>
/// <param name="Labels">The Service's labels (serviceSelectors).</param>
/// <param name="NamespaceLabels">Its namespace's labels (namespaceSelectors).</param>
/// <param name="SharingKey">The allow-shared-ip key; empty means the address is not shareable.</param>
/// <param name="BackendKey">Empty for externalTrafficPolicy Cluster, the rendered pod selector for Local.</param>
/// <param name="Ports">The (protocol, port) pairs of the Service.</param>
public sealed record ServiceProfile(
    string Key,
    string Namespace,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> NamespaceLabels,
    string SharingKey,
    string BackendKey,
    IReadOnlyList<ServicePortKey> Ports)
{
    /// <summary>A profile with no labels, no sharing and no ports (tests and tools).</summary>
    public static ServiceProfile Simple(string ns, string name) =>
        new($"{ns}/{name}", ns, Empty, Empty, string.Empty, string.Empty, []);

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();
}
