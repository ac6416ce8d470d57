namespace Platform.Operator.Abstractions.Entities.Attributes;

/// <summary>The field holds a whole Kubernetes object (x-kubernetes-embedded-resource).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class EmbeddedResourceAttribute : Attribute
{

}
