namespace Platform.Operator.Abstractions.Entities.Attributes;

/// <summary>Short names for kubectl (<c>kubectl get se</c>).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class KubernetesEntityShortNamesAttribute(params string[] shortNames) : Attribute
{
    /// <summary>The short names, e.g. <c>se</c>.</summary>
    public IReadOnlyList<string> ShortNames => shortNames;
}
