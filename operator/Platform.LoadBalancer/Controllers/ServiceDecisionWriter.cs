using System.Text.Json.Nodes;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Platform.LoadBalancer.Services;
using Platform.Operator.Abstractions.Client;
using Platform.Operator.Abstractions.Events;
using Platform.Operator.Abstractions.Status;

namespace Platform.LoadBalancer.Controllers;

/// <summary>
/// Writes a <see cref="ServiceDecision"/> to its Service: ingress and the condition through <c>/status</c>, the
/// pool annotation with a merge patch, and the events. Writes only what differs from the object as seen.
/// </summary>
internal sealed class ServiceDecisionWriter(IKubernetesClient client, EventPublisher events, TimeProvider time, ILogger<ServiceDecisionWriter> logger)
{
    /// <summary>Applies the decision; returns false when the Service no longer exists.</summary>
    public async Task<bool> WriteAsync(V1Service service, ServiceDecision decision, CancellationToken cancellationToken)
    {
        if (decision.Disposition == ServiceDisposition.Ignored)
        {
            return true;
        }

        var name = service.Metadata.Name;
        var ns = service.Metadata.NamespaceProperty;
        try
        {
            // The annotation goes first: once ingress shows in status, the pool annotation already matches it.
            if (decision.AnnotationChanged)
            {
                var patch = new JsonObject
                {
                    ["metadata"] = new JsonObject
                    {
                        ["annotations"] = new JsonObject { [ServiceAnnotations.AllocatedFromPool] = decision.AllocatedFromPool },
                    },
                };
                await client.MergePatchAsync<V1Service>(name, ns, patch.ToJsonString(), cancellationToken).ConfigureAwait(false);
            }

            var conditions = (service.Status?.Conditions ?? []).Select(Copy).ToList();
            var conditionsChanged = decision.Condition is { } condition
                ? StatusConditions.Set(conditions, condition, time.GetUtcNow())
                : StatusConditions.Remove(conditions, ServiceConditions.AddressAssigned);
            if (decision.StatusChanged || conditionsChanged)
            {
                var status = new JsonObject();
                if (decision.StatusChanged)
                {
                    // null removes ingress in a merge patch; an empty object would leave it in place.
                    status["loadBalancer"] = new JsonObject
                    {
                        ["ingress"] = decision.Ingress.Count == 0
                            ? null
                            : new JsonArray([.. decision.Ingress.Select(ip => (JsonNode)new JsonObject { ["ip"] = ip })]),
                    };
                }

                if (conditionsChanged)
                {
                    // A merge patch replaces lists whole: send every condition, ours updated, others untouched.
                    status["conditions"] = conditions.Count == 0
                        ? null
                        : JsonNode.Parse(k8s.KubernetesJson.Serialize(conditions));
                }

                await client.MergePatchStatusAsync<V1Service>(name, ns, new JsonObject { ["status"] = status }.ToJsonString(), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (KubernetesApiException e) when (e.IsNotFound)
        {
            logger.ServiceVanished(decision.ServiceKey);
            return false;
        }

        foreach (var item in EventsOf(service, decision))
        {
            try
            {
                await events(service, item.Reason, item.Message, item.Type, cancellationToken).ConfigureAwait(false);
            }
            catch (KubernetesApiException e)
            {
                // Events are best effort: a lost event must not undo or repeat an allocation.
                logger.EventFailed(decision.ServiceKey, item.Reason, e.Message);
            }
        }

        return true;
    }

    /// <summary>
    /// The planner's events, plus ClearAssignment whenever a pending decision takes away addresses the Service had
    /// (e.g. its pool was deleted and none is left), so every loss of an address is announced as MetalLB does.
    /// </summary>
    private static IEnumerable<ServiceEvent> EventsOf(V1Service service, ServiceDecision decision)
    {
        var had = (service.Status?.LoadBalancer?.Ingress ?? []).Select(i => i.Ip).Where(ip => !string.IsNullOrEmpty(ip)).ToList();
        if (decision.Disposition == ServiceDisposition.Pending
            && had.Count > 0
            && !decision.Events.Any(e => e.Reason == ServiceEventReasons.ClearAssignment))
        {
            yield return new ServiceEvent(
                EventType.Normal,
                ServiceEventReasons.ClearAssignment,
                $"current IP [{string.Join(" ", had.Select(ip => $"\"{ip}\""))}] not allowed by config, clearing: {decision.Condition?.Message}");
        }

        foreach (var item in decision.Events)
        {
            yield return item;
        }
    }

    private static V1Condition Copy(V1Condition c) => new()
    {
        Type = c.Type,
        Status = c.Status,
        Reason = c.Reason,
        Message = c.Message,
        ObservedGeneration = c.ObservedGeneration,
        LastTransitionTime = c.LastTransitionTime,
    };
}
