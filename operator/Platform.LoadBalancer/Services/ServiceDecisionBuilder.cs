using k8s.Models;
using Platform.LoadBalancer.Allocation;
using Platform.Operator.Abstractions.Events;

namespace Platform.LoadBalancer.Services;

/// <summary>Assembles a decision, comparing with the Service's current state.</summary>
internal sealed class ServiceDecisionBuilder(string key, V1Service service, TimeProvider time)
{
    private readonly List<ServiceEvent> events = [];

    public void Warn(string reason, string message) => events.Add(new ServiceEvent(EventType.Warning, reason, message));

    public void Normal(string reason, string message) => events.Add(new ServiceEvent(EventType.Normal, reason, message));

    public ServiceDecision NotLoadBalancer() => Build(ServiceDisposition.NotLoadBalancer, [], null, null, null, null);

    public ServiceDecision Pending(string reason, string message, TimeSpan? requeue, LoadBalancerRequest? request) =>
        Build(ServiceDisposition.Pending, [], null, Condition("False", reason, message), requeue, request);

    public ServiceDecision Assigned(HeldAddresses held, bool partial, LoadBalancerRequest request)
    {
        var ips = held.Addresses.Select(a => a.ToString()).ToList();
        var message = partial
            ? $"assigned {string.Join(", ", ips)} from pool \"{held.Pool}\"; no address of the other family is available for PreferDualStack"
            : $"assigned {string.Join(", ", ips)} from pool \"{held.Pool}\"";
        return Build(
            ServiceDisposition.Assigned,
            ips,
            held.Pool,
            Condition("True", partial ? ServiceConditions.PartiallyAssigned : ServiceConditions.Assigned, message),
            null,
            request);
    }

    private ServiceDecision Build(ServiceDisposition disposition, IReadOnlyList<string> ingress, string? pool, V1Condition? condition, TimeSpan? requeue, LoadBalancerRequest? request)
    {
        var statusChanged = !ServiceAddressPlanner.CurrentIngress(service).SequenceEqual(ingress, StringComparer.Ordinal)
            || (ingress.Count == 0 && (service.Status?.LoadBalancer?.Ingress?.Count ?? 0) > 0);
        string? currentPool = null;
        service.Metadata?.Annotations?.TryGetValue(ServiceAnnotations.AllocatedFromPool, out currentPool);
        var annotationChanged = !string.Equals(currentPool, pool, StringComparison.Ordinal);
        if ((statusChanged || annotationChanged) && request is { LegacyKeys.Count: > 0 })
        {
            events.Add(new ServiceEvent(
                EventType.Warning,
                ServiceEventReasons.DeprecatedAnnotation,
                $"annotation(s) {string.Join(", ", request.LegacyKeys)} use the deprecated metallb.universe.tf/ prefix; use metallb.io/ instead"));
        }

        return new ServiceDecision(key, disposition, ingress, pool, events, condition, statusChanged, annotationChanged, requeue);
    }

    private V1Condition Condition(string status, string reason, string message)
    {
        var existing = service.Status?.Conditions?.FirstOrDefault(c => c.Type == ServiceConditions.AddressAssigned);
        var since = existing is not null && existing.Status == status ? existing.LastTransitionTime : time.GetUtcNow().UtcDateTime;
        return new V1Condition
        {
            Type = ServiceConditions.AddressAssigned,
            Status = status,
            Reason = reason,
            Message = message,
            ObservedGeneration = service.Metadata?.Generation,
            LastTransitionTime = since,
        };
    }
}
