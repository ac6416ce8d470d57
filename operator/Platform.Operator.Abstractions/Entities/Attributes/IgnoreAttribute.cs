namespace Platform.Operator.Abstractions.Entities.Attributes;

/// <summary>Leaves the property out of the generated schema.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class IgnoreAttribute : Attribute
{

}
