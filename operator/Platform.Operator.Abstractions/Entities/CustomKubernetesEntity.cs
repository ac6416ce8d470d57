using k8s;
using k8s.Models;

namespace Platform.Operator.Abstractions.Entities;

/// <summary>Base of every custom resource: apiVersion, kind and metadata.</summary>
public abstract class CustomKubernetesEntity : KubernetesObject, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Standard object metadata.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();
}
