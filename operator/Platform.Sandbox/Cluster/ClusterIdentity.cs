namespace Platform.Sandbox.Cluster;

/// <summary>
/// Who a simulated component authenticates as: a user name and groups, as the API server's authenticator
/// would report them (e.g. <c>system:node:node-1</c> in <c>system:nodes</c>).
/// </summary>
public sealed record ClusterIdentity(string Username, IReadOnlyList<string> Groups)
{
    /// <summary>The node name when this is a kubelet identity (<c>system:node:&lt;name&gt;</c>), else null.</summary>
    public string? NodeName => Username.StartsWith(NodePrefix, StringComparison.Ordinal) ? Username[NodePrefix.Length..] : null;

    private const string NodePrefix = "system:node:";

    public static ClusterIdentity Node(string nodeName) => new(NodePrefix + nodeName, ["system:nodes", "system:authenticated"]);

    public static ClusterIdentity Scheduler { get; } = new("system:kube-scheduler", ["system:authenticated"]);

    /// <summary>A kube-controller-manager controller running with its own service account in kube-system.</summary>
    public static ClusterIdentity Controller(string name) =>
        new($"system:serviceaccount:kube-system:{name}", ["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"]);
}
