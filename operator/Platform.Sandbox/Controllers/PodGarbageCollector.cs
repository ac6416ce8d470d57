using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Platform.Sandbox.Errors;
using Platform.Sandbox.Resources;
using Platform.Sandbox.Rest;
using Platform.Sandbox.Storage;

namespace Platform.Sandbox.Controllers;

/// <summary>
/// The part of the pod garbage collector a sandbox needs: a pod in graceful deletion whose node has no kubelet to
/// finish it is force-deleted (<c>gracePeriodSeconds=0</c>). That is a node that is gone (upstream's orphaned-pod
/// collection) or one that never ran a kubelet — a Node object without a heartbeat Lease in
/// <c>kube-node-lease</c>, as <c>SandboxOptions.Nodes</c> registers — so deletions, namespace cleanup and
/// garbage collection complete without simulated kubelets. Nodes with a kubelet are left to it.
/// </summary>
internal sealed partial class PodGarbageCollector : IDisposable
{
    private const string LeaseNamespace = "kube-node-lease";

    private readonly ObjectStore _store;
    private readonly ResourceOperations _operations;
    private readonly ILogger _logger;
    private readonly ResourceType _pods;
    private readonly ResourceType _nodes;
    private readonly ResourceType _leases;
    private readonly SerialWorkQueue<(string Namespace, string Name)> _work;

    public PodGarbageCollector(ObjectStore store, ResourceCatalog catalog, ResourceOperations operations, ILogger logger)
    {
        _store = store;
        _operations = operations;
        _logger = logger;
        _pods = catalog.Find("", "v1", "pods")!;
        _nodes = catalog.Find("", "v1", "nodes")!;
        _leases = catalog.Find("coordination.k8s.io", "v1", "leases")!;
        _work = new SerialWorkQueue<(string Namespace, string Name)>(CollectAsync, (pod, ex) => LogFailed(_logger, pod.Namespace, pod.Name, ex.Message));
        _store.Committed += OnCommitted;
    }

    private void OnCommitted(StoreEvent e)
    {
        if (e.StorageKey == _pods.StorageKey && e.Type != WatchEventType.Deleted && Terminating(e.Object.Node))
        {
            _work.Enqueue((e.Object.Namespace, e.Object.Name));
        }
        else if (e.StorageKey == _nodes.StorageKey && e.Type == WatchEventType.Deleted)
        {
            foreach (var pod in _store.Bucket(_pods).Snapshot(null).Where(p => Terminating(p.Node) && NodeOf(p.Node) == e.Object.Name))
            {
                _work.Enqueue((pod.Namespace, pod.Name));
            }
        }
    }

    private async Task CollectAsync((string Namespace, string Name) key, CancellationToken ct)
    {
        var pod = _store.Bucket(_pods).Get(key.Namespace, key.Name);
        var node = pod is null ? "" : NodeOf(pod.Node);
        if (pod is null || !Terminating(pod.Node) || HasKubelet(node))
        {
            return;
        }

        LogForceDeleting(_logger, key.Namespace, key.Name, node);
        try
        {
            await _operations.DeleteAsync(new ApiRequest
            {
                Type = _pods,
                Namespace = key.Namespace,
                Name = key.Name,
                User = ResourceOperations.SystemUser("pod-garbage-collector"),
            }, new JsonObject
            {
                ["gracePeriodSeconds"] = 0,
                ["preconditions"] = new JsonObject { ["uid"] = pod.Uid },
            }, ct);
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
            // Gone already, or replaced by a new pod of the same name.
        }
    }

    private bool HasKubelet(string node) =>
        _store.Bucket(_nodes).Get("", node) is not null && _store.Bucket(_leases).Get(LeaseNamespace, node) is not null;

    private static bool Terminating(JsonObject pod) =>
        pod["metadata"]?["deletionTimestamp"] is not null
        && (ObjectJson.Long(pod["metadata"]?["deletionGracePeriodSeconds"]) ?? 0) > 0
        && NodeOf(pod).Length > 0;

    private static string NodeOf(JsonObject pod) => ObjectJson.Str(pod["spec"]?["nodeName"]);

    public void Dispose()
    {
        _store.Committed -= OnCommitted;
        _work.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "force-deleting pod {Namespace}/{Name}: node {Node} has no kubelet")]
    private static partial void LogForceDeleting(ILogger logger, string @namespace, string name, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "pod garbage collection of {Namespace}/{Name} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string @namespace, string name, string reason);
}
