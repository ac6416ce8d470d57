using Platform.LoadBalancer.Addressing;

namespace Platform.LoadBalancer.Allocation;

/// <summary>Where an address sits in its pool: the family space and the position in allocation order.</summary>
/// <param name="Family">Which of the pool's two spaces.</param>
/// <param name="Ordinal">The position in that space (see <see cref="FamilyAddressSpace"/>).</param>
internal readonly record struct Placement(IpFamily Family, UInt128 Ordinal);
