using k8s.Models;

namespace Platform.Operator.Abstractions.Entities;

/// <summary>A custom resource with a spec.</summary>
/// <typeparam name="TSpec">The spec type.</typeparam>
public abstract class CustomKubernetesEntity<TSpec> : CustomKubernetesEntity, ISpec<TSpec>
    where TSpec : new()
{
    /// <summary>The desired state.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("spec")]
    public TSpec Spec { get; set; } = new();
}
