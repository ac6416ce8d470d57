using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Platform.Sandbox.Cluster;

/// <summary>Records core/v1 Events about pods, as the kubelet and scheduler do (best effort: failures are logged).</summary>
internal sealed class EventRecorder
{
    private readonly IKubernetes _client;
    private readonly string _component;
    private readonly string? _host;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public EventRecorder(IKubernetes client, string component, string? host, TimeProvider time, ILogger logger)
    {
        _client = client;
        _component = component;
        _host = host;
        _time = time;
        _logger = logger;
    }

    public async Task RecordAsync(V1Pod pod, string type, string reason, string message, CancellationToken ct)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var ns = pod.Metadata.NamespaceProperty ?? "default";
        var ev = new Corev1Event
        {
            ApiVersion = "v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta { GenerateName = pod.Metadata.Name + ".", NamespaceProperty = ns },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = "v1",
                Kind = "Pod",
                Name = pod.Metadata.Name,
                NamespaceProperty = ns,
                Uid = pod.Metadata.Uid,
                ResourceVersion = pod.Metadata.ResourceVersion,
            },
            Type = type,
            Reason = reason,
            Message = message,
            Source = new V1EventSource { Component = _component, Host = _host },
            ReportingComponent = _component,
            ReportingInstance = _host ?? _component,
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        };
        try
        {
            await _client.CoreV1.CreateNamespacedEventAsync(ev, ns, cancellationToken: ct);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException)
        {
            ClusterLog.EventFailed(_logger, reason, ns, pod.Metadata.Name, e.Message);
        }
    }
}
