using k8s;
using k8s.Models;

namespace Platform.Operator.Abstractions.Reconciliation;

/// <summary>
/// Identifies an object by namespace and name: the unit the work queue de-duplicates and reconciles.
/// Cluster-scoped objects have a null namespace.
/// </summary>
/// <param name="Namespace">The namespace, or null for cluster-scoped objects.</param>
/// <param name="Name">The object name.</param>
public readonly record struct EntityKey(string? Namespace, string Name)
{
    /// <summary>The key of an object.</summary>
    public static EntityKey From(IKubernetesObject<V1ObjectMeta> entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var ns = entity.Metadata?.NamespaceProperty;
        return new EntityKey(string.IsNullOrEmpty(ns) ? null : ns, entity.Metadata?.Name ?? string.Empty);
    }

    /// <summary>namespace/name, or name for cluster-scoped objects (the client-go key format).</summary>
    public override string ToString() => Namespace is null ? Name : $"{Namespace}/{Name}";
}
