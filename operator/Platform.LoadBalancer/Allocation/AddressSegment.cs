using Platform.LoadBalancer.Addressing;

namespace Platform.LoadBalancer.Allocation;

/// <summary>One address block's slice of a <see cref="FamilyAddressSpace"/>'s ordinal numbering.</summary>
/// <param name="Block">The block.</param>
/// <param name="Offset">The ordinal of its first usable address.</param>
/// <param name="Count">Its usable addresses.</param>
/// <param name="SkipBuggy">Whether .0/.255 are left out of the numbering.</param>
/// <param name="UsableBefore">Usable IPv4 addresses below the block (only with SkipBuggy).</param>
internal readonly record struct AddressSegment(AddressBlock Block, UInt128 Offset, UInt128 Count, bool SkipBuggy, UInt128 UsableBefore);
