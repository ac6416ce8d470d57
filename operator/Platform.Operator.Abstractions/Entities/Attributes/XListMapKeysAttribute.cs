namespace Platform.Operator.Abstractions.Entities.Attributes;

/// <summary>Keys of an x-kubernetes-list-type: map list.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class XListMapKeysAttribute(params string[] keys) : Attribute
{
    /// <summary>The keys that identify an item of a map-list.</summary>
    public IReadOnlyList<string> Keys => keys;
}
