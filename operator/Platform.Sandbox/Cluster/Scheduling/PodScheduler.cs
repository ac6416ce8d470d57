using System.Collections.Concurrent;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Platform.Sandbox.Cluster.Watching;

namespace Platform.Sandbox.Cluster.Scheduling;

/// <summary>
/// The default scheduler, reduced to what the suite needs: binds each pending pod of <c>default-scheduler</c>
/// through <c>pods/binding</c> to the least-loaded Ready, schedulable node that matches its nodeSelector and
/// whose NoSchedule/NoExecute taints it tolerates; otherwise marks it <c>PodScheduled=False/Unschedulable</c>.
/// </summary>
internal sealed class PodScheduler
{
    public const string SchedulerName = "default-scheduler";

    private readonly IKubernetes _client;
    private readonly ResourceCache<V1Pod, V1PodList> _pods;
    private readonly ResourceCache<V1Node, V1NodeList> _nodes;
    private readonly WorkQueue _queue;
    private readonly EventRecorder _events;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    // Bindings made but not yet seen in the pod cache, so back-to-back pods spread instead of piling up.
    private readonly ConcurrentDictionary<string, string> _assumed = new(StringComparer.Ordinal);

    public PodScheduler(IKubernetes client, TimeProvider time, ILogger logger)
    {
        _client = client;
        _time = time;
        _logger = logger;
        _events = new EventRecorder(client, SchedulerName, null, time, logger);
        _pods = new ResourceCache<V1Pod, V1PodList>("pods",
            ct => client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: ct),
            (rv, onError, ct) => client.CoreV1.WatchListPodForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv,
                timeoutSeconds: ClusterDefaults.WatchTimeoutSeconds, onError: onError, cancellationToken: ct), logger);
        _nodes = new ResourceCache<V1Node, V1NodeList>("nodes",
            ct => client.CoreV1.ListNodeAsync(cancellationToken: ct),
            (rv, onError, ct) => client.CoreV1.WatchListNodeAsync(allowWatchBookmarks: true, resourceVersion: rv,
                timeoutSeconds: ClusterDefaults.WatchTimeoutSeconds, onError: onError, cancellationToken: ct), logger);
        _queue = new WorkQueue("scheduler", SyncAsync, logger);
        _pods.OnChange((key, previous, pod) =>
        {
            if (pod is null || !string.IsNullOrEmpty(pod.Spec?.NodeName))
            {
                _assumed.TryRemove(key, out _);
            }

            if (pod is not null && NeedsScheduling(pod))
            {
                _queue.Add(key);
            }
        });
        _nodes.OnChange((_, _, _) =>
        {
            foreach (var pod in _pods.Items.Where(p => NeedsScheduling(p)))
            {
                _queue.Add(ResourceCache<V1Pod, V1PodList>.KeyOf(pod));
            }
        });
    }

    public Task Synced => Task.WhenAll(_pods.Synced, _nodes.Synced);

    public Task RunAsync(CancellationToken ct) => Task.WhenAll(_pods.RunAsync(ct), _nodes.RunAsync(ct), _queue.RunAsync(ct));

    private static bool NeedsScheduling(V1Pod pod) =>
        string.IsNullOrEmpty(pod.Spec?.NodeName)
        && (pod.Spec?.SchedulerName ?? SchedulerName) == SchedulerName
        && pod.Metadata.DeletionTimestamp is null
        && pod.Status?.Phase is not ("Succeeded" or "Failed");

    private async Task SyncAsync(string key, CancellationToken ct)
    {
        await _nodes.Synced.WaitAsync(ct);
        var pod = _pods.Get(key);
        if (pod is null || !NeedsScheduling(pod) || _assumed.ContainsKey(key))
        {
            return;
        }

        var nodes = _nodes.Items.OrderBy(n => n.Metadata.Name, StringComparer.Ordinal).ToList();
        var fitting = nodes.Where(n => Fits(pod, n, out _)).ToList();
        if (fitting.Count == 0)
        {
            await MarkUnschedulableAsync(pod, nodes, ct);
            return;
        }

        var load = _pods.Items.Where(p => !string.IsNullOrEmpty(p.Spec?.NodeName) && p.Status?.Phase is not ("Succeeded" or "Failed"))
            .Select(p => p.Spec.NodeName)
            .Concat(_assumed.Values)
            .GroupBy(n => n, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var chosen = fitting.OrderBy(n => load.GetValueOrDefault(n.Metadata.Name)).First().Metadata.Name;
        var ns = pod.Metadata.NamespaceProperty;
        try
        {
            _assumed[key] = chosen;
            await _client.CoreV1.CreateNamespacedPodBindingAsync(new V1Binding
            {
                ApiVersion = "v1",
                Kind = "Binding",
                Metadata = new V1ObjectMeta { Name = pod.Metadata.Name, NamespaceProperty = ns, Uid = pod.Metadata.Uid },
                Target = new V1ObjectReference { ApiVersion = "v1", Kind = "Node", Name = chosen },
            }, pod.Metadata.Name, ns, cancellationToken: ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            // Bound by someone else meanwhile, or gone: nothing to do.
            _assumed.TryRemove(key, out _);
            return;
        }
        catch
        {
            _assumed.TryRemove(key, out _);
            throw;
        }

        ClusterLog.PodBound(_logger, ns, pod.Metadata.Name, chosen);
        await _events.RecordAsync(pod, "Normal", "Scheduled", $"Successfully assigned {ns}/{pod.Metadata.Name} to {chosen}", ct);
    }

    private async Task MarkUnschedulableAsync(V1Pod pod, List<V1Node> nodes, CancellationToken ct)
    {
        var reasons = nodes.Select(n => Fits(pod, n, out var why) ? null : why).OfType<string>()
            .GroupBy(r => r, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Count()} {g.Key}");
        var message = $"0/{nodes.Count} nodes are available: {string.Join(", ", reasons)}.";
        if (nodes.Count == 0)
        {
            message = "no nodes available to schedule pods";
        }

        var existing = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled");
        if (existing is { Status: "False", Reason: "Unschedulable" } && existing.Message == message)
        {
            return;
        }

        var patch = new V1Pod
        {
            Status = new V1PodStatus
            {
                Conditions =
                [
                    new V1PodCondition
                    {
                        Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = message,
                        LastTransitionTime = _time.GetUtcNow().UtcDateTime,
                    },
                ],
            },
        };
        await _client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(KubernetesJson.Serialize(patch), V1Patch.PatchType.MergePatch),
            pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: ct);
        await _events.RecordAsync(pod, "Warning", "FailedScheduling", message, ct);
    }

    private static bool Fits(V1Pod pod, V1Node node, out string reason)
    {
        if (node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status != "True")
        {
            reason = "node(s) were not ready";
            return false;
        }

        if (node.Spec?.Unschedulable == true)
        {
            reason = "node(s) were unschedulable";
            return false;
        }

        foreach (var (label, value) in pod.Spec?.NodeSelector ?? new Dictionary<string, string>())
        {
            if (node.Metadata.Labels?.TryGetValue(label, out var actual) != true || actual != value)
            {
                reason = "node(s) didn't match Pod's node affinity/selector";
                return false;
            }
        }

        foreach (var taint in node.Spec?.Taints ?? [])
        {
            if (taint.Effect is "NoSchedule" or "NoExecute" && !(pod.Spec?.Tolerations ?? []).Any(t => Tolerates(t, taint)))
            {
                reason = $"node(s) had untolerated taint {{{taint.Key}: {taint.Value}}}";
                return false;
            }
        }

        reason = "";
        return true;
    }

    private static bool Tolerates(V1Toleration toleration, V1Taint taint)
    {
        if (!string.IsNullOrEmpty(toleration.Effect) && toleration.Effect != taint.Effect)
        {
            return false;
        }

        if (string.IsNullOrEmpty(toleration.Key))
        {
            return toleration.OperatorProperty == "Exists";
        }

        return toleration.Key == taint.Key && (toleration.OperatorProperty == "Exists" || (toleration.Value ?? "") == (taint.Value ?? ""));
    }
}
