using k8s;
using k8s.Models;

namespace Platform.Operator.Abstractions.Client;

/// <summary>
/// A small typed client for built-in kinds and custom resources alike; the resource path comes from the type's
/// <c>[KubernetesEntity]</c> attribute. Failures throw <see cref="KubernetesApiException"/> with the HTTP status.
/// </summary>
public interface IKubernetesClient
{
    /// <summary>Reads one object; null when it does not exist.</summary>
    Task<TEntity?> GetAsync<TEntity>(string name, string? @namespace = null, CancellationToken cancellationToken = default)
        where TEntity : IKubernetesObject<V1ObjectMeta>;

    /// <summary>Lists objects, optionally in one namespace and filtered by label and field selectors.</summary>
    Task<IReadOnlyList<TEntity>> ListAsync<TEntity>(
        string? @namespace = null,
        string? labelSelector = null,
        string? fieldSelector = null,
        CancellationToken cancellationToken = default)
        where TEntity : IKubernetesObject<V1ObjectMeta>;

    /// <summary>Creates an object (in its metadata's namespace).</summary>
    Task<TEntity> CreateAsync<TEntity>(TEntity entity, CancellationToken cancellationToken = default)
        where TEntity : IKubernetesObject<V1ObjectMeta>;

    /// <summary>Applies a JSON merge patch (RFC 7386) to an object; <paramref name="patch"/> is serialized as JSON.</summary>
    Task<TEntity> MergePatchAsync<TEntity>(string name, string? @namespace, object patch, CancellationToken cancellationToken = default)
        where TEntity : IKubernetesObject<V1ObjectMeta>;

    /// <summary>Applies a patch of any type (JSON patch, merge patch, apply) to an object.</summary>
    Task<TEntity> PatchAsync<TEntity>(string name, string? @namespace, V1Patch patch, CancellationToken cancellationToken = default)
        where TEntity : IKubernetesObject<V1ObjectMeta>;

    /// <summary>Writes the entity's <c>status</c> through the <c>/status</c> subresource with a merge patch.</summary>
    Task<TEntity> PatchStatusAsync<TEntity>(TEntity entity, CancellationToken cancellationToken = default)
        where TEntity : IKubernetesObject<V1ObjectMeta>;

    /// <summary>Applies a JSON merge patch to the <c>/status</c> subresource.</summary>
    Task<TEntity> MergePatchStatusAsync<TEntity>(string name, string? @namespace, object patch, CancellationToken cancellationToken = default)
        where TEntity : IKubernetesObject<V1ObjectMeta>;

    /// <summary>Deletes an object; returns false when it was already gone.</summary>
    Task<bool> DeleteAsync<TEntity>(string name, string? @namespace = null, CancellationToken cancellationToken = default)
        where TEntity : IKubernetesObject<V1ObjectMeta>;
}
