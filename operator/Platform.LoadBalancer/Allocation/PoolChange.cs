using Platform.LoadBalancer.Addressing;

namespace Platform.LoadBalancer.Allocation;

/// <summary>What a pool configuration change did to existing allocations.</summary>
/// <param name="Dropped">Services whose addresses no pool owns any more (they need ClearAssignment and a new address).</param>
/// <param name="Rehomed">Services whose addresses now belong to a different pool (renames, splits).</param>
/// <param name="Rejected">Pools left out because they overlap a pool that sorts earlier, with the reason.</param>
public sealed record PoolChange(
    IReadOnlyList<(string Service, IReadOnlyList<NetAddress> Addresses)> Dropped,
    IReadOnlyList<(string Service, string FromPool, string ToPool)> Rehomed,
    IReadOnlyList<(string Pool, string Reason)> Rejected);
