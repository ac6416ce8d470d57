namespace Platform.Sandbox.Admission;

/// <summary>One <c>rules[]</c> entry of a webhook (RuleWithOperations).</summary>
internal sealed record WebhookRule(
    IReadOnlyList<string> Operations,
    IReadOnlyList<string> ApiGroups,
    IReadOnlyList<string> ApiVersions,
    IReadOnlyList<string> Resources,
    string Scope)
{
    public bool MatchesOperation(string operation) => Operations.Any(o => o == "*" || o == operation);

    public bool MatchesGroup(string group) => ApiGroups.Any(g => g == "*" || g == group);

    public bool MatchesVersion(string version) => ApiVersions.Any(v => v == "*" || v == version);

    /// <summary>
    /// Resource matching with subresources as upstream: "pods" is the main resource only, "pods/status" one
    /// subresource, "pods/*" the resource and all its subresources, "*" every main resource, "*/status" that
    /// subresource of every resource, "*/*" everything.
    /// </summary>
    public bool MatchesResource(string resource, string subresource)
    {
        var full = subresource.Length == 0 ? resource : resource + "/" + subresource;
        foreach (var r in Resources)
        {
            if (r == "*/*" || r == full)
            {
                return true;
            }

            var slash = r.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                if (r == "*" && subresource.Length == 0)
                {
                    return true;
                }

                continue;
            }

            var (res, sub) = (r[..slash], r[(slash + 1)..]);
            if (res == "*" && sub == subresource)
            {
                return true;
            }

            if (res == resource && sub == "*")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Scope "Cluster" matches cluster-scoped requests, "Namespaced" namespaced ones, "*" both.</summary>
    public bool MatchesScope(bool namespaced) => Scope switch
    {
        "Cluster" => !namespaced,
        "Namespaced" => namespaced,
        _ => true,
    };
}
