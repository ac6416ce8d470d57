namespace Platform.Operator.Abstractions.Entities.Attributes;

/// <summary>The topology of an array (x-kubernetes-list-type).</summary>
public enum XListType
{
    /// <summary>Replaced as a whole.</summary>
    Atomic,

    /// <summary>Unique scalar items.</summary>
    Set,

    /// <summary>Items identified by the keys named with <see cref="XListMapKeysAttribute"/>.</summary>
    Map,
}
