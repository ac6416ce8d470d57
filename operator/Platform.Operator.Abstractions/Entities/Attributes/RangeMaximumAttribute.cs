namespace Platform.Operator.Abstractions.Entities.Attributes;

/// <summary>Upper bound of a number.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RangeMaximumAttribute(double maximum, bool exclusiveMaximum = false) : Attribute
{
    /// <summary>The maximum.</summary>
    public double Maximum => maximum;

    /// <summary>Whether the maximum itself is excluded.</summary>
    public bool ExclusiveMaximum => exclusiveMaximum;
}
