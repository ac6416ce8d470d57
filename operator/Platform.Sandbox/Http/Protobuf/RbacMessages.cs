namespace Platform.Sandbox.Http.Protobuf;

/// <summary>
/// The messages of k8s.io/api rbac/v1 generated.proto the sandbox decodes, in <see cref="MessageType"/> notation; field
/// numbers, names and Go pointer-ness are upstream's.
/// </summary>
internal static class RbacMessages
{
    public static IReadOnlyDictionary<string, string> Definitions { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["AggregationRule"] = "1 clusterRoleSelectors []LabelSelector",
        ["ClusterRole"] = "1 metadata ObjectMeta; 2 rules []PolicyRule; 3 aggregationRule AggregationRule?",
        ["ClusterRoleBinding"] = "1 metadata ObjectMeta; 2 subjects []Subject; 3 roleRef RoleRef",
        ["PolicyRule"] =
            "1 verbs []string; 2 apiGroups []string; 3 resources []string; 4 resourceNames []string; " +
            "5 nonResourceURLs []string",
        ["Role"] = "1 metadata ObjectMeta; 2 rules []PolicyRule",
        ["RoleBinding"] = "1 metadata ObjectMeta; 2 subjects []Subject; 3 roleRef RoleRef",
        ["RoleRef"] = "1 apiGroup string; 2 kind string; 3 name string",
        ["Subject"] = "1 kind string; 2 apiGroup string; 3 name string; 4 namespace string",
    };
}
