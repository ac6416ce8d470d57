namespace Platform.Operator.Abstractions.Leadership;

/// <summary>
/// The leadership terms of this replica, for work that must run on the Lease holder only but outside a reconcile
/// (timers, background rotation). A term starts when this replica acquires the Lease (at once when leader election
/// is off) and ends when it loses or releases it; each term has its own token, cancelled the moment it ends.
/// </summary>
public interface ILeadershipTerms
{
    /// <summary>Whether a term is running now.</summary>
    bool IsLeading { get; }

    /// <summary>
    /// Waits until a term runs (returns at once during a term) and returns that term's token, which is cancelled
    /// when the term ends. Work started with it must stop when it is cancelled, and state it loaded must be
    /// treated as stale afterwards: another replica may have changed it meanwhile.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (e.g. on shutdown).</param>
    Task<CancellationToken> WaitForTermAsync(CancellationToken cancellationToken);
}
