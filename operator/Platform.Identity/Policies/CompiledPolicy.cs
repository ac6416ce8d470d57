using Platform.Crds.Spire;
using Platform.Identity.Policies.Templates;

namespace Platform.Identity.Policies;

/// <summary>A ClusterSPIFFEID with its templates parsed and selectors built.</summary>
internal sealed record CompiledPolicy(
    ClusterSPIFFEID Source,
    PolicyTemplate SpiffeIdTemplate,
    IReadOnlyList<PolicyTemplate> DnsNameTemplates,
    IReadOnlyList<PolicyTemplate> WorkloadSelectorTemplates,
    LabelSelectorMatcher NamespaceSelector,
    LabelSelectorMatcher PodSelector,
    TimeSpan Ttl,
    TimeSpan JwtTtl,
    bool Fallback)
{
    public string Name => Source.Metadata.Name ?? string.Empty;

    /// <summary>Ordering for "oldest wins": creationTimestamp, then UID (spire-controller-manager's tie-break).</summary>
    public (DateTime Created, string Uid) Age => (Source.Metadata.CreationTimestamp ?? DateTime.MaxValue, Source.Metadata.Uid ?? string.Empty);
}
