using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Platform.Operator.Runtime.Client;

/// <summary>The list envelope the API server returns for any kind.</summary>
internal sealed class EntityList<TEntity> : KubernetesObject, IItems<TEntity>, IMetadata<V1ListMeta>
{
    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<TEntity> Items { get; set; } = [];
}
