using Platform.LoadBalancer.Addressing;

namespace Platform.LoadBalancer.Allocation;

/// <summary>The addresses a Service holds and the pool they belong to.</summary>
/// <param name="Pool">The owning pool.</param>
/// <param name="Addresses">In ingress order.</param>
public sealed record HeldAddresses(string Pool, IReadOnlyList<NetAddress> Addresses);
