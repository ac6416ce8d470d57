using k8s;
using k8s.Models;

namespace Platform.Operator.Abstractions.Status;

/// <summary>Helpers for the top-level <c>status.observedGeneration</c> convention.</summary>
public static class ObservedGeneration
{
    /// <summary>The generation a status written now should report (metadata.generation, or null when untracked).</summary>
    public static long? Of(IKubernetesObject<V1ObjectMeta> entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return entity.Metadata?.Generation;
    }

    /// <summary>Whether a status that observed <paramref name="observed"/> is behind the entity's current spec.</summary>
    public static bool IsStale(IKubernetesObject<V1ObjectMeta> entity, long? observed) =>
        Of(entity) is { } generation && observed != generation;
}
