namespace Platform.Sandbox.Resources;

/// <summary>The built-in kinds the sandbox serves, with upstream names, scopes, short names and subresources.</summary>
internal static class BuiltInResources
{
    public static IReadOnlyList<ResourceType> All { get; } = Build();

    private static List<ResourceType> Build()
    {
        var list = new List<ResourceType>
        {
            Core("namespaces", "Namespace", false, ["ns"], ["status", "finalize"], NameRule.Label, resetStatus: false),
            Core("pods", "Pod", true, ["po"], ["status", "binding"], categories: ["all"]),
            Core("services", "Service", true, ["svc"], ["status"], NameRule.Dns1035Label, categories: ["all"]),
            Core("endpoints", "Endpoints", true, ["ep"], []),
            Core("nodes", "Node", false, ["no"], ["status"], resetStatus: false),
            Core("configmaps", "ConfigMap", true, ["cm"], []),
            Core("secrets", "Secret", true, [], []),
            Core("serviceaccounts", "ServiceAccount", true, ["sa"], ["token"]),
            Core("events", "Event", true, ["ev"], []),
            Of("events.k8s.io", "v1", "events", "Event", true, ["ev"], []) with { StorageKeyOverride = "/events" },
            Of("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true, [], []),
            Of("coordination.k8s.io", "v1", "leases", "Lease", true, [], []),
            Of("apps", "v1", "deployments", "Deployment", true, ["deploy"], ["status"], categories: ["all"]),
            Of("apps", "v1", "daemonsets", "DaemonSet", true, ["ds"], ["status"], categories: ["all"]),
            Of("rbac.authorization.k8s.io", "v1", "roles", "Role", true, [], [], NameRule.PathSegment),
            Of("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true, [], [], NameRule.PathSegment),
            Of("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false, [], [], NameRule.PathSegment),
            Of("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false, [], [], NameRule.PathSegment),
            Of("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true, ["netpol"], []),
            Of("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", "MutatingWebhookConfiguration", false, [], []),
            Of("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", "ValidatingWebhookConfiguration", false, [], []),
            Of("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false, ["crd", "crds"], ["status"]),
            Of("certificates.k8s.io", "v1", "certificatesigningrequests", "CertificateSigningRequest", false, ["csr"], ["status", "approval"]),
        };

        // PodCertificateRequest and ClusterTrustBundle are GA at certificates.k8s.io/v1 and still served at
        // v1beta1; both versions share one storage, as on a real server.
        foreach (var version in new[] { "v1", "v1beta1" })
        {
            list.Add(Of("certificates.k8s.io", version, "podcertificaterequests", "PodCertificateRequest", true, [], ["status"]) with { StorageVersion = "v1" });
            list.Add(Of("certificates.k8s.io", version, "clustertrustbundles", "ClusterTrustBundle", false, [], []) with { StorageVersion = "v1" });
        }

        return list;
    }

    private static ResourceType Core(string plural, string kind, bool namespaced, string[] shortNames, string[] subresources,
        NameRule rule = NameRule.Subdomain, bool resetStatus = true, string[]? categories = null) =>
        Of("", "v1", plural, kind, namespaced, shortNames, subresources, rule, resetStatus, categories);

    private static ResourceType Of(string group, string version, string plural, string kind, bool namespaced,
        string[] shortNames, string[] subresources, NameRule rule = NameRule.Subdomain, bool resetStatus = true,
        string[]? categories = null) => new()
        {
            Group = group,
            Version = version,
            Plural = plural,
            Kind = kind,
            Namespaced = namespaced,
            Singular = kind.ToLowerInvariant(),
            ShortNames = shortNames,
            Categories = categories ?? [],
            Subresources = new HashSet<string>(subresources, StringComparer.Ordinal),
            NameRule = rule,
            StorageVersion = version,
            ResetStatusOnCreate = resetStatus && subresources.Contains("status"),
            TracksGeneration = kind is "Pod" or "Deployment" or "DaemonSet" or "NetworkPolicy" or "CustomResourceDefinition"
                or "MutatingWebhookConfiguration" or "ValidatingWebhookConfiguration",
        };
}
