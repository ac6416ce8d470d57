using Platform.Identity.Spiffe;

namespace Platform.Identity.Policies;

/// <summary>
/// The identity a pod gets: its SPIFFE ID, DNS names and TTL bound, and which ClusterSPIFFEID gave it (null
/// for the default <c>spiffe://&lt;td&gt;/ns/&lt;ns&gt;/sa/&lt;sa&gt;</c>). Or, when the winning policy fails
/// to render for this pod, the failure.
/// </summary>
internal sealed record PodIdentity(SpiffeId? Id, IReadOnlyList<string> DnsNames, TimeSpan? Ttl, string? PolicyName, string? RenderFailure)
{
    public bool Succeeded => Id is not null;
}
