namespace Platform.Operator.Abstractions.Entities.Attributes;

/// <summary>Bounds the number of properties of a map.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PropertyLimitsAttribute(long minProperties = -1, long maxProperties = -1) : Attribute
{
    /// <summary>Minimum property count; -1 for none.</summary>
    public long MinProperties => minProperties;

    /// <summary>Maximum property count; -1 for none.</summary>
    public long MaxProperties => maxProperties;
}
