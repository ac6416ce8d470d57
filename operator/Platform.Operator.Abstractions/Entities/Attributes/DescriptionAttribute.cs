namespace Platform.Operator.Abstractions.Entities.Attributes;

/// <summary>Describes a field or type in the generated schema.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Class)]
public sealed class DescriptionAttribute(string description) : Attribute
{
    /// <summary>The text shown by <c>kubectl explain</c>.</summary>
    public string Description => description;
}
