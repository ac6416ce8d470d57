namespace Platform.LoadBalancer.Allocation;

/// <summary>An inclusive run of free ordinals in a <see cref="FamilyAddressSpace"/>.</summary>
internal readonly record struct OrdinalRange(UInt128 Start, UInt128 End);
