namespace Platform.LoadBalancer.Allocation;

/// <summary>MetalLB's per-pool counters: distinct addresses, a shared address counts once; IPv6 saturates at long.MaxValue.</summary>
public readonly record struct PoolCounters(long AssignedIPv4, long AssignedIPv6, long AvailableIPv4, long AvailableIPv6);
