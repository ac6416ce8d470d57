using k8s.Models;
using Platform.Crds.MetalLB;
using Platform.LoadBalancer.Allocation;

namespace Platform.LoadBalancer.Pools;

/// <summary>Composes an IPAddressPool's status from the allocator: MetalLB's counters, who holds which address, and validity.</summary>
public static class PoolStatusComposer
{
    /// <summary>The status to write for a pool.</summary>
    /// <param name="pool">The pool object.</param>
    /// <param name="allocator">The allocator.</param>
    /// <param name="problems">Validation problems (empty when the pool is in service).</param>
    /// <param name="maxAssignments">Bound of the per-address list.</param>
    /// <param name="now">The time for a condition transition.</param>
    public static IPAddressPoolStatus Compose(IPAddressPool pool, AddressAllocator allocator, IReadOnlyList<string> problems, int maxAssignments, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(allocator);
        ArgumentNullException.ThrowIfNull(problems);
        var name = pool.Metadata?.Name ?? string.Empty;
        var counters = problems.Count == 0 ? allocator.Counters(name) : default;
        var truncated = false;
        var assignments = problems.Count == 0 ? allocator.Assignments(name, maxAssignments, out truncated) : [];
        var status = problems.Count == 0 ? "True" : "False";
        var previous = pool.Status?.Conditions?.FirstOrDefault(c => c.Type == PoolConditions.Valid);
        return new IPAddressPoolStatus
        {
            AssignedIPv4 = counters.AssignedIPv4,
            AssignedIPv6 = counters.AssignedIPv6,
            AvailableIPv4 = counters.AvailableIPv4,
            AvailableIPv6 = counters.AvailableIPv6,
            Assignments = [.. assignments.Select(a => new AddressAssignment { Ip = a.Address.ToString(), Services = [.. a.Services] })],
            AssignmentsTruncated = problems.Count == 0 && truncated,
            Conditions =
            [
                new V1Condition
                {
                    Type = PoolConditions.Valid,
                    Status = status,
                    Reason = problems.Count == 0 ? PoolConditions.Accepted : PoolConditions.InvalidConfiguration,
                    Message = problems.Count == 0 ? "the pool is in service" : string.Join("; ", problems),
                    ObservedGeneration = pool.Metadata?.Generation,
                    LastTransitionTime = previous is not null && previous.Status == status ? previous.LastTransitionTime : now.UtcDateTime,
                },
            ],
        };
    }
}
