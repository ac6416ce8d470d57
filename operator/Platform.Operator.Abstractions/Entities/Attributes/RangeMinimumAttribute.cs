namespace Platform.Operator.Abstractions.Entities.Attributes;

/// <summary>Lower bound of a number.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RangeMinimumAttribute(double minimum, bool exclusiveMinimum = false) : Attribute
{
    /// <summary>The minimum.</summary>
    public double Minimum => minimum;

    /// <summary>Whether the minimum itself is excluded.</summary>
    public bool ExclusiveMinimum => exclusiveMinimum;
}
