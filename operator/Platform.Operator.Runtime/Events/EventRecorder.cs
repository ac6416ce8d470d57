using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Platform.Operator.Abstractions.Builder;
using Platform.Operator.Abstractions.Client;
using Platform.Operator.Abstractions.Events;
using Platform.Operator.Runtime.Diagnostics;

namespace Platform.Operator.Runtime.Events;

/// <summary>
/// Publishes events.k8s.io/v1 Events. A repeat of the same (object, type, reason, note) patches the existing
/// event's <c>series</c> (count, lastObservedTime) instead of creating a new one. Publishing is best effort: a
/// failure is logged, never thrown into the reconcile.
/// </summary>
internal sealed class EventRecorder(
    IKubernetesClient client,
    OperatorSettings settings,
    TimeProvider time,
    ILogger<EventRecorder> logger)
{
    private const int MaxTracked = 4096;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TrackedEvent> _recent = new(StringComparer.Ordinal);

    public async Task PublishAsync(
        IKubernetesObject<V1ObjectMeta> entity,
        string reason,
        string message,
        EventType type = EventType.Normal,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var ns = string.IsNullOrEmpty(entity.Metadata?.NamespaceProperty) ? "default" : entity.Metadata.NamespaceProperty;
        var note = message.Length > 1024 ? message[..1024] : message;
        var typeName = type == EventType.Warning ? "Warning" : "Normal";
        var identity = $"{entity.Metadata?.Uid}|{entity.Kind}|{ns}|{entity.Metadata?.Name}|{typeName}|{reason}|{note}";
        var now = time.GetUtcNow().UtcDateTime;

        try
        {
            TrackedEvent? tracked;
            lock (_gate)
            {
                _recent.TryGetValue(identity, out tracked);
                if (tracked is not null)
                {
                    tracked.Count++;
                }
            }

            if (tracked is not null)
            {
                try
                {
                    await client.MergePatchAsync<Eventsv1Event>(
                        tracked.Name,
                        ns,
                        new { series = new { count = tracked.Count, lastObservedTime = now } },
                        cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (KubernetesApiException e) when (e.IsNotFound)
                {
                    // Expired (events live an hour); start a fresh one below.
                }
            }

            var name = $"{entity.Metadata?.Name}.{Suffix(identity, now)}";
            await client.CreateAsync(
                new Eventsv1Event
                {
                    ApiVersion = "events.k8s.io/v1",
                    Kind = "Event",
                    Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
                    EventTime = now,
                    Reason = reason,
                    Note = note,
                    Type = typeName,
                    Action = reason,
                    ReportingController = settings.Name,
                    ReportingInstance = settings.Identity,
                    Regarding = new V1ObjectReference
                    {
                        ApiVersion = entity.ApiVersion,
                        Kind = entity.Kind,
                        Name = entity.Metadata?.Name,
                        NamespaceProperty = entity.Metadata?.NamespaceProperty,
                        Uid = entity.Metadata?.Uid,
                        ResourceVersion = entity.Metadata?.ResourceVersion,
                    },
                },
                cancellationToken).ConfigureAwait(false);

            lock (_gate)
            {
                if (_recent.Count >= MaxTracked)
                {
                    _recent.Clear();
                }

                _recent[identity] = new TrackedEvent(name) { Count = 1 };
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            logger.EventPublishFailed(reason, $"{entity.Kind} {ns}/{entity.Metadata?.Name}", e);
        }
    }

    private static string Suffix(string identity, DateTime now)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{identity}|{now.Ticks}"));
        return Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }
}
