using k8s.Models;
using Platform.Crds.Spire;

namespace Platform.Identity.Policies;

/// <summary>
/// Computes a ClusterSPIFFEID's status.stats as spire-controller-manager counts them: namespaces selected
/// (including ignored ones) and ignored, pods selected in the non-ignored namespaces, render failures,
/// entries masked by an older policy, and entries this policy sets. Fallback policies skip pods a
/// non-fallback policy already covers.
/// </summary>
internal sealed class ClusterSpiffeIdStatsCalculator(PodIdentityResolver resolver)
{
    public ClusterSPIFFEIDStats Compute(
        CompiledPolicy policy, IReadOnlyList<CompiledPolicy> allPolicies, IReadOnlyList<V1Namespace> namespaces,
        IReadOnlyList<V1Pod> pods, Func<string?, V1Node?> nodeByName)
    {
        var stats = new ClusterSPIFFEIDStats();
        var namespacesByName = new Dictionary<string, V1Namespace>(StringComparer.Ordinal);
        foreach (var ns in namespaces)
        {
            if (!policy.NamespaceSelector.Matches(ns.Metadata.Labels))
            {
                continue;
            }

            stats.NamespacesSelected++;
            if (resolver.IsIgnored(ns.Metadata.Name))
            {
                stats.NamespacesIgnored++;
                continue;
            }

            namespacesByName[ns.Metadata.Name] = ns;
        }

        foreach (var pod in pods)
        {
            if (!namespacesByName.TryGetValue(pod.Metadata.NamespaceProperty ?? string.Empty, out var ns) ||
                !policy.PodSelector.Matches(pod.Metadata.Labels))
            {
                continue;
            }

            stats.PodsSelected++;
            var matching = resolver.Matching(pod, ns, allPolicies);
            if (policy.Fallback && matching.Any(p => !p.Fallback))
            {
                continue;
            }

            if (!ReferenceEquals(matching.FirstOrDefault(), policy))
            {
                stats.EntriesMasked++;
                continue;
            }

            if (resolver.Render(policy, pod, nodeByName(pod.Spec?.NodeName)).Succeeded)
            {
                stats.EntriesToSet++;
            }
            else
            {
                stats.PodEntryRenderFailures++;
            }
        }

        return stats;
    }
}
