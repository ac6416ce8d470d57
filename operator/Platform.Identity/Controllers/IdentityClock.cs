namespace Platform.Identity.Controllers;

/// <summary>
/// The clock of the identity feature (CA rotation, SVID validity), separate from the host's TimeProvider so a
/// test can move identity time without freezing the runtime's queues and backoff.
/// </summary>
internal sealed record IdentityClock(TimeProvider Time);
