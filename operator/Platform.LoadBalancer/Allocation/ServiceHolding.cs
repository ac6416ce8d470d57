using Platform.LoadBalancer.Addressing;

namespace Platform.LoadBalancer.Allocation;

/// <summary>The allocator's record of a Service's addresses and the profile they were assigned with.</summary>
internal sealed record ServiceHolding(string Pool, IReadOnlyList<NetAddress> Addresses, ServiceProfile Profile);
