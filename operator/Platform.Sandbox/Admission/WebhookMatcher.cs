using System.Text.Json.Nodes;
using Platform.Sandbox.Api;
using Platform.Sandbox.Semantics;

namespace Platform.Sandbox.Admission;

/// <summary>
/// Decides whether a webhook applies to a request: rules (operations, groups, versions, resources with
/// subresources, scope), matchPolicy (Equivalent also matches the same resource under another served
/// version of its CRD), namespaceSelector (the namespace's labels; a Namespace's own labels; ignored for other
/// cluster-scoped resources) and objectSelector (the new or the old object's labels).
/// </summary>
internal sealed class WebhookMatcher
{
    private readonly IObjectStoreReader store;
    private readonly AdmissionAttributes attributes;
    private IReadOnlyDictionary<string, string>? namespaceLabels;
    private IReadOnlyList<string>? servedVersions;

    public WebhookMatcher(IObjectStoreReader store, AdmissionAttributes attributes)
    {
        this.store = store;
        this.attributes = attributes;
    }

    private bool IsNamespaceResource => attributes.Group.Length == 0 && attributes.Resource == "namespaces" && attributes.Subresource.Length == 0;

    private bool Namespaced => attributes.Namespace.Length > 0 && !IsNamespaceResource;

    /// <summary>The match, or null. Throws <see cref="FormatException"/> for a malformed selector.</summary>
    public WebhookMatch? Match(WebhookRegistration webhook, JsonObject? currentObject)
    {
        var version = MatchRules(webhook);
        if (version is null)
        {
            return null;
        }

        var nsSelector = LabelSelector.FromJson(webhook.NamespaceSelector);
        if (!nsSelector.IsEverything && (Namespaced || IsNamespaceResource) && !nsSelector.Matches(NamespaceLabels(currentObject)))
        {
            return null;
        }

        var objSelector = LabelSelector.FromJson(webhook.ObjectSelector);
        if (!objSelector.IsEverything
            && !objSelector.Matches(LabelSelector.LabelsOf(currentObject))
            && !objSelector.Matches(LabelSelector.LabelsOf(attributes.OldObject)))
        {
            return null;
        }

        return new WebhookMatch(webhook, version);
    }

    private string? MatchRules(WebhookRegistration webhook)
    {
        var operation = AdmissionReviewCodec.Operation(attributes.Operation);
        var candidates = webhook.Rules.Where(r =>
            r.MatchesOperation(operation)
            && r.MatchesGroup(attributes.Group)
            && r.MatchesResource(attributes.Resource, attributes.Subresource)
            && r.MatchesScope(Namespaced)).ToList();
        if (candidates.Any(r => r.MatchesVersion(attributes.Version)))
        {
            return attributes.Version;
        }

        if (webhook.MatchPolicy != "Equivalent" || candidates.Count == 0)
        {
            return null;
        }

        return ServedVersions().FirstOrDefault(v => v != attributes.Version && candidates.Any(r => r.MatchesVersion(v)));
    }

    private IReadOnlyList<string> ServedVersions()
    {
        if (servedVersions is not null)
        {
            return servedVersions;
        }

        var crd = store.List("apiextensions.k8s.io", "v1", "customresourcedefinitions")
            .FirstOrDefault(c => c["spec"]?["group"]?.GetValue<string>() == attributes.Group
                && c["spec"]?["names"]?["plural"]?.GetValue<string>() == attributes.Resource);
        servedVersions = (crd?["spec"]?["versions"] as JsonArray)?.OfType<JsonObject>()
            .Where(v => v["served"]?.GetValue<bool>() != false)
            .Select(v => v["name"]?.GetValue<string>() ?? "")
            .Where(v => v.Length > 0)
            .ToList() ?? [];
        return servedVersions;
    }

    private IReadOnlyDictionary<string, string> NamespaceLabels(JsonObject? currentObject)
    {
        if (IsNamespaceResource)
        {
            return LabelSelector.LabelsOf(currentObject ?? attributes.OldObject);
        }

        return namespaceLabels ??= LabelSelector.LabelsOf(store.Get("", "v1", "namespaces", "", attributes.Namespace));
    }
}
