namespace Platform.Operator.Abstractions.Entities.Attributes;

/// <summary>A number must be a multiple of this value.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MultipleOfAttribute(double value) : Attribute
{
    /// <summary>The divisor.</summary>
    public double Value => value;
}
