using System.Collections.Frozen;

namespace Platform.Sandbox.Http.Protobuf;

/// <summary>
/// Every message the sandbox decodes from protobuf bodies, and the kinds that may arrive as one: those
/// kubectl's typed generators send (<c>kubectl create deployment|service|role|rolebinding|clusterrole|
/// clusterrolebinding|namespace|configmap|secret|serviceaccount|token</c>) to resources the sandbox serves.
/// </summary>
internal static class ProtobufMessages
{
    private static readonly FrozenDictionary<(string ApiVersion, string Kind), string> RootKinds = new Dictionary<(string, string), string>
    {
        [("v1", "Namespace")] = "Namespace",
        [("v1", "ConfigMap")] = "ConfigMap",
        [("v1", "Secret")] = "Secret",
        [("v1", "ServiceAccount")] = "ServiceAccount",
        [("v1", "Service")] = "Service",
        [("apps/v1", "Deployment")] = "Deployment",
        [("rbac.authorization.k8s.io/v1", "Role")] = "Role",
        [("rbac.authorization.k8s.io/v1", "ClusterRole")] = "ClusterRole",
        [("rbac.authorization.k8s.io/v1", "RoleBinding")] = "RoleBinding",
        [("rbac.authorization.k8s.io/v1", "ClusterRoleBinding")] = "ClusterRoleBinding",
        [("authentication.k8s.io/v1", "TokenRequest")] = "TokenRequest",
    }.ToFrozenDictionary();

    public static FrozenDictionary<string, MessageType> All { get; } = Build();

    /// <summary>The top-level message of a kind sent in the envelope, or null when the sandbox cannot decode it.</summary>
    public static MessageType? Root(string apiVersion, string kind) =>
        RootKinds.TryGetValue((apiVersion, kind), out var name) ? All[name] : null;

    public static IEnumerable<(string ApiVersion, string Kind)> Kinds => RootKinds.Keys;

    private static FrozenDictionary<string, MessageType> Build()
    {
        var all = new Dictionary<string, MessageType>(StringComparer.Ordinal);
        foreach (var group in new[] { MetaMessages.Definitions, CoreMessages.Definitions, AppsMessages.Definitions, RbacMessages.Definitions, AuthenticationMessages.Definitions })
        {
            foreach (var (name, definition) in group)
            {
                all.Add(name, MessageType.Parse(name, definition));
            }
        }

        return all.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
