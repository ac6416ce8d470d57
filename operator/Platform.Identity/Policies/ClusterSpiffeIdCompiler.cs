using Platform.Crds.Spire;
using Platform.Identity.Policies.Templates;
using Platform.Identity.Spiffe;

namespace Platform.Identity.Policies;

/// <summary>Parses a ClusterSPIFFEID spec (the checks spire-controller-manager's webhook makes, plus ttl ≥ 0).</summary>
internal static class ClusterSpiffeIdCompiler
{
    /// <summary>Returns the compiled policy, or null with every problem found.</summary>
    public static CompiledPolicy? TryCompile(ClusterSPIFFEID policy, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var spec = policy.Spec;
        PolicyTemplate? idTemplate = null;
        if (string.IsNullOrWhiteSpace(spec.SpiffeIDTemplate))
        {
            problems.Add("spec.spiffeIDTemplate: empty SPIFFEID template");
        }
        else
        {
            idTemplate = ParseTemplate(spec.SpiffeIDTemplate, "spec.spiffeIDTemplate", problems);
        }

        var dns = ParseAll(spec.DnsNameTemplates, "spec.dnsNameTemplates", problems);
        var selectors = ParseAll(spec.WorkloadSelectorTemplates, "spec.workloadSelectorTemplates", problems);

        var namespaceSelector = LabelSelectorMatcher.TryCreate(spec.NamespaceSelector, out var nsError);
        if (nsError is not null)
        {
            problems.Add("spec.namespaceSelector: " + nsError);
        }

        var podSelector = LabelSelectorMatcher.TryCreate(spec.PodSelector, out var podError);
        if (podError is not null)
        {
            problems.Add("spec.podSelector: " + podError);
        }

        var ttl = ParseTtl(spec.Ttl, "spec.ttl", problems);
        var jwtTtl = ParseTtl(spec.JwtTtl, "spec.jwtTtl", problems);

        for (var i = 0; i < (spec.FederatesWith?.Count ?? 0); i++)
        {
            if (!TrustDomain.TryParse(spec.FederatesWith![i], out _, out var tdError))
            {
                problems.Add($"spec.federatesWith[{i}]: invalid federatesWith value: {tdError}");
            }
        }

        errors = problems;
        return problems.Count > 0
            ? null
            : new CompiledPolicy(policy, idTemplate!, dns, selectors, namespaceSelector!, podSelector!, ttl, jwtTtl, spec.Fallback == true);
    }

    private static List<PolicyTemplate> ParseAll(List<string>? sources, string field, List<string> problems)
    {
        var templates = new List<PolicyTemplate>();
        for (var i = 0; i < (sources?.Count ?? 0); i++)
        {
            if (ParseTemplate(sources![i], $"{field}[{i}]", problems) is { } template)
            {
                templates.Add(template);
            }
        }

        return templates;
    }

    private static PolicyTemplate? ParseTemplate(string source, string field, List<string> problems)
    {
        try
        {
            return PolicyTemplateParser.Parse(source);
        }
        catch (PolicyTemplateException e)
        {
            problems.Add($"{field}: {e.Message}");
            return null;
        }
    }

    private static TimeSpan ParseTtl(string? value, string field, List<string> problems)
    {
        if (string.IsNullOrEmpty(value))
        {
            return TimeSpan.Zero;
        }

        if (!GoDuration.TryParse(value, out var ttl))
        {
            problems.Add($"{field}: \"{value}\" is not a duration (e.g. \"1h\", \"30m\")");
        }
        else if (ttl < TimeSpan.Zero)
        {
            problems.Add($"{field}: must not be negative");
        }

        return ttl;
    }
}
