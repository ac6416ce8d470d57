using System.Net;
using Platform.Sandbox.Cluster.Kubelet;

namespace Platform.Sandbox.Cluster.Nodes;

/// <summary>One simulated node's fixed facts: name, index, addresses and pod subnets.</summary>
internal sealed record SimulatedNode(string Name, int Index, IReadOnlyList<IPAddress> InternalAddresses, IReadOnlyList<PodSubnet> PodSubnets);
