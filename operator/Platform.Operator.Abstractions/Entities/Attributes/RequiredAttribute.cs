namespace Platform.Operator.Abstractions.Entities.Attributes;

/// <summary>The property must be present. A required property of the spec also makes <c>spec</c> required.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RequiredAttribute : Attribute
{

}
