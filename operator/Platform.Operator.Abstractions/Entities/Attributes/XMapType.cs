namespace Platform.Operator.Abstractions.Entities.Attributes;

/// <summary>The topology of a map (x-kubernetes-map-type).</summary>
public enum XMapType
{
    /// <summary>Replaced as a whole.</summary>
    Atomic,

    /// <summary>Fields merged separately.</summary>
    Granular,
}
