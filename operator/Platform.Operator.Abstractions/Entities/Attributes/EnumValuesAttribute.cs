namespace Platform.Operator.Abstractions.Entities.Attributes;

/// <summary>Restricts a string to a fixed set of values.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class EnumValuesAttribute(params string[] values) : Attribute
{
    /// <summary>The allowed values.</summary>
    public IReadOnlyList<string> Values => values;
}
