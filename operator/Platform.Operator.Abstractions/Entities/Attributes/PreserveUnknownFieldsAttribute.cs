namespace Platform.Operator.Abstractions.Entities.Attributes;

/// <summary>Keeps fields the schema does not name (x-kubernetes-preserve-unknown-fields).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Class)]
public sealed class PreserveUnknownFieldsAttribute : Attribute
{

}
