namespace Platform.Operator.Abstractions.Entities.Attributes;

/// <summary>Leaves the entity out of CRD generation.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class IgnoreEntityAttribute : Attribute
{

}
