using k8s;
using k8s.Models;

namespace Platform.Operator.Abstractions.Events;

/// <summary>
/// Publishes an event about an entity (events.k8s.io/v1). Repeats of the same reason and message are
/// de-duplicated into one event with a growing count.
/// </summary>
public delegate Task EventPublisher(
    IKubernetesObject<V1ObjectMeta> entity,
    string reason,
    string message,
    EventType type = EventType.Normal,
    CancellationToken cancellationToken = default);
