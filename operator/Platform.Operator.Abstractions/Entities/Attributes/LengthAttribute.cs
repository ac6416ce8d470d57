namespace Platform.Operator.Abstractions.Entities.Attributes;

/// <summary>Bounds the length of a string.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class LengthAttribute(long minLength = -1, long maxLength = -1) : Attribute
{
    /// <summary>Minimum length; -1 for none.</summary>
    public long MinLength => minLength;

    /// <summary>Maximum length; -1 for none.</summary>
    public long MaxLength => maxLength;
}
