using k8s.Models;

namespace Platform.LoadBalancer.Services;

/// <summary>What the Service controller must write for one Service. The controller is a thin shell around this.</summary>
/// <param name="ServiceKey">namespace/name.</param>
/// <param name="Disposition">The outcome.</param>
/// <param name="Ingress">Desired <c>status.loadBalancer.ingress[].ip</c>, in order.</param>
/// <param name="AllocatedFromPool">Desired <c>metallb.io/ip-allocated-from-pool</c>; null removes it.</param>
/// <param name="Events">Events to publish.</param>
/// <param name="Condition">Desired <see cref="ServiceConditions.AddressAssigned"/> condition; null removes it.</param>
/// <param name="StatusChanged">Whether the ingress list differs from the Service's current status.</param>
/// <param name="AnnotationChanged">Whether the pool annotation differs from the current one.</param>
/// <param name="RequeueAfter">When to look again (pending Services), or null.</param>
public sealed record ServiceDecision(
    string ServiceKey,
    ServiceDisposition Disposition,
    IReadOnlyList<string> Ingress,
    string? AllocatedFromPool,
    IReadOnlyList<ServiceEvent> Events,
    V1Condition? Condition,
    bool StatusChanged,
    bool AnnotationChanged,
    TimeSpan? RequeueAfter);
