using Platform.LoadBalancer.Addressing;

namespace Platform.LoadBalancer.Allocation;

/// <summary>The result of an allocator call.</summary>
/// <param name="Error">None on success.</param>
/// <param name="Pool">The pool the addresses came from (success only).</param>
/// <param name="Addresses">The addresses held, in ingress order (success only).</param>
/// <param name="Message">A human-readable explanation of a failure.</param>
public sealed record AllocationOutcome(AllocationError Error, string? Pool, IReadOnlyList<NetAddress> Addresses, string Message)
{
    /// <summary>Whether the Service now holds the addresses.</summary>
    public bool Succeeded => Error == AllocationError.None;

    /// <summary>A success.</summary>
    public static AllocationOutcome Success(string pool, IReadOnlyList<NetAddress> addresses) =>
        new(AllocationError.None, pool, addresses, string.Empty);

    /// <summary>A failure.</summary>
    public static AllocationOutcome Failure(AllocationError error, string message) => new(error, null, [], message);
}
