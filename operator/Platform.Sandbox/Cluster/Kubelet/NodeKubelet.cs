using System.Collections.Concurrent;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Platform.Sandbox.Cluster.Nodes;
using Platform.Sandbox.Cluster.PodCertificates;
using Platform.Sandbox.Cluster.Watching;

namespace Platform.Sandbox.Cluster.Kubelet;

/// <summary>
/// One node's kubelet, acting as <c>system:node:&lt;name&gt;</c>: registers and heartbeats the node, watches the
/// pods bound to it (<c>spec.nodeName=&lt;name&gt;</c>), sets up their podCertificate volumes, reports them
/// Running and Ready with pod IPs from the node's pod subnets, and on deletion (graceful: the API server keeps
/// the pod with a deletionTimestamp) stops them, reports the terminal status and sends the final DELETE with
/// gracePeriodSeconds=0 (finalizers, owned by others, keep the object until removed).
/// </summary>
internal sealed class NodeKubelet : IDisposable
{
    private readonly IKubernetes _client;
    private readonly SimulatedNode _node;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResourceCache<V1Pod, V1PodList> _pods;
    private readonly ResourceCache<V1PodCertificateRequest, V1PodCertificateRequestList> _requests;
    private readonly WorkQueue _queue;
    private readonly PodAddressPool _addresses;
    private readonly PodVolumeDirectory _volumes;
    private readonly PodCertificateVolumes _certificates;
    private readonly ProjectedSources _projected;
    private readonly EventRecorder _events;
    private readonly ConcurrentDictionary<string, PodRecord> _records = new(StringComparer.Ordinal);
    private readonly bool _waitOutGracePeriod;

    public NodeKubelet(IKubernetes client, SimulatedNode node, SimulatedClusterOptions options, ILogger logger)
    {
        _client = client;
        _node = node;
        _time = options.TimeProvider;
        _waitOutGracePeriod = options.WaitOutGracePeriod;
        _logger = logger;
        Heartbeat = new NodeHeartbeat(client, node, options, logger);
        _addresses = new PodAddressPool(node.PodSubnets);
        _volumes = new PodVolumeDirectory(options.WorkingDirectory);
        var byNode = $"spec.nodeName={node.Name}";
        _pods = new ResourceCache<V1Pod, V1PodList>($"pods on {node.Name}",
            ct => client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: byNode, cancellationToken: ct),
            (rv, onError, ct) => client.CoreV1.WatchListPodForAllNamespacesAsync(allowWatchBookmarks: true, fieldSelector: byNode, resourceVersion: rv,
                timeoutSeconds: ClusterDefaults.WatchTimeoutSeconds, onError: onError, cancellationToken: ct), logger);
        _requests = new ResourceCache<V1PodCertificateRequest, V1PodCertificateRequestList>($"podcertificaterequests of {node.Name}",
            ct => client.CertificatesV1.ListPodCertificateRequestForAllNamespacesAsync(fieldSelector: byNode, cancellationToken: ct),
            (rv, onError, ct) => client.CertificatesV1.WatchListPodCertificateRequestForAllNamespacesAsync(allowWatchBookmarks: true, fieldSelector: byNode,
                resourceVersion: rv, timeoutSeconds: ClusterDefaults.WatchTimeoutSeconds, onError: onError, cancellationToken: ct), logger);
        _queue = new WorkQueue($"kubelet {node.Name}", SyncAsync, logger);
        _events = new EventRecorder(client, "kubelet", node.Name, _time, logger);
        _projected = new ProjectedSources(client, _volumes);
        _certificates = new PodCertificateVolumes(client, node.Name, () => Heartbeat.Uid, _volumes,
            (ns, name) => _requests.Get(ResourceCache<V1PodCertificateRequest, V1PodCertificateRequestList>.KeyOf(ns, name)),
            _queue.Add, _events, options, logger);
        _pods.OnChange((key, _, _) => _queue.Add(key));
        _requests.OnChange((_, previous, request) =>
        {
            if (request?.Spec is { } spec)
            {
                _queue.Add($"{request.Metadata.NamespaceProperty}/{spec.PodName}");
            }
        });
    }

    public NodeHeartbeat Heartbeat { get; }

    public string NodeName => _node.Name;

    public PodVolumeDirectory Volumes => _volumes;

    public Task Synced => Task.WhenAll(_pods.Synced, _requests.Synced);

    public Task RunAsync(CancellationToken ct) =>
        Task.WhenAll(Heartbeat.RunAsync(ct), _pods.RunAsync(ct), _requests.RunAsync(ct), _queue.RunAsync(ct));

    public void Dispose() => _certificates.Dispose();

    private async Task SyncAsync(string key, CancellationToken ct)
    {
        var pod = _pods.Get(key);
        if (pod is null)
        {
            if (_records.TryRemove(key, out var gone))
            {
                TearDown(gone.Uid);
            }

            return;
        }

        var record = _records.AddOrUpdate(key, _ => Adopt(pod), (_, existing) =>
        {
            if (existing.Uid == pod.Metadata.Uid)
            {
                return existing;
            }

            // Same name, new pod: the old one is gone.
            TearDown(existing.Uid);
            return Adopt(pod);
        });

        if (pod.Metadata.DeletionTimestamp is not null)
        {
            var firstSight = record.StopAt is null && !record.Terminated;
            var over = !_waitOutGracePeriod || GracePeriodOver(key, pod, record, ct);
            record.StopAt ??= _time.GetUtcNow();
            if (firstSight && record.Started)
            {
                // As the kubelet announces SIGTERM to each container (after the stop is scheduled, so whoever sees
                // the event may move a fake clock).
                foreach (var container in pod.Spec?.Containers ?? [])
                {
                    await _events.RecordAsync(pod, "Normal", "Killing", $"Stopping container {container.Name}", ct);
                }
            }

            if (over)
            {
                await TerminateAsync(pod, record, ct);
            }

            return;
        }

        if (pod.Status?.Phase is "Succeeded" or "Failed")
        {
            return;
        }

        var now = _time.GetUtcNow().UtcDateTime;
        if (!record.Started && !record.ProjectedWritten && ProjectedSources.Has(pod))
        {
            try
            {
                await _projected.WriteAsync(pod, ct);
                record.ProjectedWritten = true;
            }
            catch (VolumeSetupException e)
            {
                if (record.ReportedFailure != e.Message)
                {
                    record.ReportedFailure = e.Message;
                    ClusterLog.VolumeFailed(_logger, pod.Metadata.NamespaceProperty, pod.Metadata.Name, e.Volume, e.Message);
                    await _events.RecordAsync(pod, "Warning", "FailedMount", e.Message, ct);
                    await WriteStatusAsync(pod, PodStatusBuilder.Pending(pod, _node.InternalAddresses, now, e.Message), ct);
                }

                // Retried with backoff by the queue, as the kubelet retries volume setup.
                throw;
            }
        }

        var volumes = await _certificates.SyncAsync(pod, ct);
        if (!volumes.Ready && !record.Started)
        {
            await WriteStatusAsync(pod, PodStatusBuilder.Pending(pod, _node.InternalAddresses, now, volumes.Failure), ct);
            return;
        }

        IReadOnlyList<IPAddress> podIps;
        if (pod.Spec?.HostNetwork == true)
        {
            podIps = _node.InternalAddresses;
        }
        else
        {
            podIps = _addresses.Acquire(pod.Metadata.Uid) ?? throw new InvalidOperationException($"pod subnets of node {_node.Name} are exhausted");
        }

        var running = PodStatusBuilder.Running(pod, _node.InternalAddresses, podIps, now);
        if (!record.Started)
        {
            ClusterLog.PodRunning(_logger, pod.Metadata.NamespaceProperty, pod.Metadata.Name, _node.Name);
        }

        await WriteStatusAsync(pod, running, ct);
        record.Started = true;
    }

    /// <summary>
    /// First sight of a pod: one already Running (this kubelet restarted) keeps running and keeps its addresses;
    /// only its in-memory certificate keys are gone, so its podCertificate volumes are re-issued.
    /// </summary>
    private PodRecord Adopt(V1Pod pod)
    {
        var record = new PodRecord(pod.Metadata.Uid) { Started = pod.Status?.Phase == "Running" };
        if (record.Started && pod.Spec?.HostNetwork != true && pod.Status?.PodIPs is { Count: > 0 } reported)
        {
            var parsed = reported.Select(ip => IPAddress.TryParse(ip.Ip, out var a) ? a : null).OfType<IPAddress>().ToList();
            _addresses.Adopt(pod.Metadata.Uid, parsed);
        }

        return record;
    }

    /// <summary>
    /// Whether a deleted pod's grace period has run out. The kubelet counts it from when it sees the deletion (its
    /// own clock, not the server's timestamp); a later, shorter grace period can only bring the stop forward.
    /// </summary>
    private bool GracePeriodOver(string key, V1Pod pod, PodRecord record, CancellationToken ct)
    {
        if (record.Terminated)
        {
            return true;
        }

        var now = _time.GetUtcNow();
        var stopAt = now.AddSeconds(Math.Max(0, pod.Metadata.DeletionGracePeriodSeconds ?? 0));
        if (record.StopAt is { } earlier && earlier <= stopAt)
        {
            return now >= earlier;
        }

        record.StopAt = stopAt;
        if (stopAt <= now)
        {
            return true;
        }

        _ = Task.Delay(stopAt - now, _time, ct).ContinueWith(t =>
        {
            if (!t.IsCanceled)
            {
                _queue.Add(key);
            }
        }, TaskScheduler.Default);
        return false;
    }

    private async Task TerminateAsync(V1Pod pod, PodRecord record, CancellationToken ct)
    {
        if (record.FinalDeleteSent)
        {
            return;
        }

        var ns = pod.Metadata.NamespaceProperty;
        if (!record.Terminated)
        {
            await WriteStatusAsync(pod, PodStatusBuilder.Terminated(pod, _time.GetUtcNow().UtcDateTime), ct);
            record.Terminated = true;
            TearDown(pod.Metadata.Uid);
        }

        try
        {
            // The kubelet's final delete once containers are gone; finalizers (if any) keep the object until removed.
            // A failure is retried by the queue: without it the pod would stay Terminating.
            await _client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, ns, new V1DeleteOptions
            {
                GracePeriodSeconds = 0,
                Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid },
            }, cancellationToken: ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
        }

        record.FinalDeleteSent = true;
    }

    private async Task WriteStatusAsync(V1Pod pod, V1PodStatus status, CancellationToken ct)
    {
        if (PodStatusBuilder.Equivalent(pod.Status, status))
        {
            return;
        }

        var patch = new V1Patch(KubernetesJson.Serialize(new V1Pod { Status = status }), V1Patch.PatchType.MergePatch);
        try
        {
            await _client.CoreV1.PatchNamespacedPodStatusAsync(patch, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Deleted meanwhile; the watch brings the DELETED event.
        }
    }

    private void TearDown(string podUid)
    {
        _addresses.Release(podUid);
        _certificates.Forget(podUid);
        _volumes.Remove(podUid);
    }
}
