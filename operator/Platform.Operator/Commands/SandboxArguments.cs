namespace Platform.Operator.Commands;

/// <summary>The parsed options of <c>platform sandbox</c>.</summary>
internal sealed record SandboxArguments(int Port, string Kubeconfig, int Nodes, string? DataDirectory, int BundleEndpointPort, string? UpstreamCaSecret);
