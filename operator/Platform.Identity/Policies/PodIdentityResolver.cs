using k8s.Models;
using Platform.Identity.Policies.Templates;
using Platform.Identity.Spiffe;

namespace Platform.Identity.Policies;

/// <summary>
/// Decides a pod's identity from the ClusterSPIFFEIDs: among matching non-fallback policies the oldest wins;
/// fallback policies apply only when no non-fallback policy matched; with no match (or in an ignored
/// namespace) the pod gets <c>spiffe://&lt;td&gt;/ns/&lt;namespace&gt;/sa/&lt;serviceaccount&gt;</c>. A winning policy that
/// fails to render gives a failure, never a silently different identity.
/// </summary>
internal sealed class PodIdentityResolver
{
    private readonly IdentityOptions options;
    private readonly TrustDomain trustDomain;
    private readonly HashSet<string> ignored;

    public PodIdentityResolver(IdentityOptions options)
    {
        this.options = options;
        trustDomain = TrustDomain.Parse(options.TrustDomain);
        ignored = new HashSet<string>(options.IgnoreNamespaces, StringComparer.Ordinal);
    }

    public TrustDomain TrustDomain => trustDomain;

    public bool IsIgnored(string namespaceName) => ignored.Contains(namespaceName);

    /// <summary>True when this controller acts on the policy (className rules of spire-controller-manager).</summary>
    public bool IsOurs(CompiledPolicy policy)
    {
        var className = policy.Source.Spec.ClassName ?? string.Empty;
        return className == options.ClassName || (className.Length == 0 && options.WatchClassless);
    }

    /// <summary>Policies (ours, not being deleted) whose selectors match the pod, oldest first, non-fallback before fallback.</summary>
    public List<CompiledPolicy> Matching(V1Pod pod, V1Namespace? ns, IEnumerable<CompiledPolicy> policies)
    {
        if (IsIgnored(pod.Metadata.NamespaceProperty ?? string.Empty))
        {
            return [];
        }

        return policies
            .Where(p => IsOurs(p) && p.Source.Metadata.DeletionTimestamp is null)
            .Where(p => p.NamespaceSelector.Matches(ns?.Metadata?.Labels) && p.PodSelector.Matches(pod.Metadata.Labels))
            .OrderBy(p => p.Fallback)
            .ThenBy(p => p.Age.Created)
            .ThenBy(p => p.Age.Uid, StringComparer.Ordinal)
            .ToList();
    }

    /// <param name="pod">The pod.</param>
    /// <param name="ns">Its namespace (labels feed namespaceSelector); null when unknown.</param>
    /// <param name="node">Its node (template data); null when unknown.</param>
    /// <param name="policies">Compiled ClusterSPIFFEIDs.</param>
    /// <param name="selectingServices">Names of the Services whose endpoints include the pod (for autoPopulateDNSNames).</param>
    public PodIdentity Resolve(V1Pod pod, V1Namespace? ns, V1Node? node, IEnumerable<CompiledPolicy> policies, IReadOnlyCollection<string>? selectingServices = null)
    {
        var winner = Matching(pod, ns, policies).FirstOrDefault();
        return winner is null ? DefaultIdentity(pod) : Render(winner, pod, node, selectingServices);
    }

    public PodIdentity DefaultIdentity(V1Pod pod)
    {
        var ns = pod.Metadata.NamespaceProperty ?? "default";
        var sa = string.IsNullOrEmpty(pod.Spec?.ServiceAccountName) ? "default" : pod.Spec.ServiceAccountName;
        try
        {
            return new PodIdentity(SpiffeId.FromSegments(trustDomain, "ns", ns, "sa", sa), [], null, null, null);
        }
        catch (FormatException e)
        {
            return new PodIdentity(null, [], null, null, "default identity: " + e.Message);
        }
    }

    /// <param name="requireTrustDomainMembership">False at admission: a policy written for another trust domain is a
    /// valid manifest (upstream examples hard-code theirs); it only fails to give pods an identity here.</param>
    public PodIdentity Render(CompiledPolicy policy, V1Pod pod, V1Node? node, IReadOnlyCollection<string>? selectingServices = null, bool requireTrustDomainMembership = true)
    {
        var data = new PolicyTemplateData(
            trustDomain.Name, options.ClusterName, options.ClusterDomain,
            pod.Metadata ?? new V1ObjectMeta(), pod.Spec ?? new V1PodSpec(),
            node?.Metadata ?? new V1ObjectMeta(), node?.Spec ?? new V1NodeSpec());
        try
        {
            var rendered = policy.SpiffeIdTemplate.Render(data);
            if (!SpiffeId.TryParse(rendered, out var id, out var idError))
            {
                return Failure(policy, $"spiffeIDTemplate rendered \"{rendered}\", which is not a valid SPIFFE ID: {idError}");
            }

            if (requireTrustDomainMembership && !id.MemberOf(trustDomain))
            {
                return Failure(policy, $"spiffeIDTemplate rendered \"{rendered}\", which is outside trust domain \"{trustDomain}\"");
            }

            if (id.IsRoot)
            {
                return Failure(policy, $"spiffeIDTemplate rendered \"{rendered}\", which has no path");
            }

            var dnsNames = new List<string>();
            foreach (var template in policy.DnsNameTemplates)
            {
                var name = template.Render(data);
                if (DnsNameRules.Validate(name) is { } dnsError)
                {
                    return Failure(policy, "dnsNameTemplates: " + dnsError);
                }

                if (!dnsNames.Contains(name, StringComparer.Ordinal))
                {
                    dnsNames.Add(name);
                }
            }

            if (policy.Source.Spec.AutoPopulateDNSNames == true && selectingServices is not null)
            {
                // spire-controller-manager adds <svc>, <svc>.<ns>, <svc>.<ns>.svc, <svc>.<ns>.svc.<clusterDomain>, sorted and de-duplicated.
                var ns = pod.Metadata?.NamespaceProperty ?? "default";
                var automatic = selectingServices
                    .SelectMany(svc => new[] { svc, $"{svc}.{ns}", $"{svc}.{ns}.svc", $"{svc}.{ns}.svc.{options.ClusterDomain}" })
                    .Where(name => DnsNameRules.Validate(name) is null)
                    .Order(StringComparer.Ordinal);
                foreach (var name in automatic)
                {
                    if (!dnsNames.Contains(name, StringComparer.Ordinal))
                    {
                        dnsNames.Add(name);
                    }
                }
            }

            return new PodIdentity(id, dnsNames, policy.Ttl > TimeSpan.Zero ? policy.Ttl : null, policy.Name, null);
        }
        catch (PolicyTemplateException e)
        {
            return Failure(policy, e.Message);
        }
    }

    private static PodIdentity Failure(CompiledPolicy policy, string message) =>
        new(null, [], null, policy.Name, $"ClusterSPIFFEID \"{policy.Name}\": {message}");
}
