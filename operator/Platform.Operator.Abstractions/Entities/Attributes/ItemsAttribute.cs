namespace Platform.Operator.Abstractions.Entities.Attributes;

/// <summary>Bounds the number of items of an array.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ItemsAttribute(long minItems = -1, long maxItems = -1) : Attribute
{
    /// <summary>Minimum item count; -1 for none.</summary>
    public long MinItems => minItems;

    /// <summary>Maximum item count; -1 for none.</summary>
    public long MaxItems => maxItems;
}
