using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Platform.Sandbox.Errors;
using Platform.Sandbox.Resources;
using Platform.Sandbox.Rest;
using Platform.Sandbox.Storage;

namespace Platform.Sandbox.Controllers;

/// <summary>
/// Namespace deletion as the namespace controller does it: a Terminating namespace has all its content
/// deleted; once nothing is left, the <c>kubernetes</c> finalizer is removed and the namespace goes away.
/// </summary>
internal sealed partial class NamespaceLifecycleController : IDisposable
{
    private readonly ObjectStore _store;
    private readonly ResourceCatalog _catalog;
    private readonly ResourceOperations _operations;
    private readonly ILogger _logger;
    private readonly ResourceType _namespaces;
    private readonly SerialWorkQueue<string> _work;

    public NamespaceLifecycleController(ObjectStore store, ResourceCatalog catalog, ResourceOperations operations, ILogger logger)
    {
        _store = store;
        _catalog = catalog;
        _operations = operations;
        _logger = logger;
        _namespaces = catalog.Find("", "v1", "namespaces")!;
        _work = new SerialWorkQueue<string>(ReconcileAsync, (name, ex) => LogFailed(_logger, name, ex.Message));
        _store.Committed += OnCommitted;
    }

    private void OnCommitted(StoreEvent e)
    {
        if (e.StorageKey == _namespaces.StorageKey)
        {
            if (e.Type != WatchEventType.Deleted && ObjectJson.IsDeleting(e.Object.Node))
            {
                _work.Enqueue(e.Object.Name);
            }
        }
        else if (e.Type == WatchEventType.Deleted && e.Object.Namespace.Length > 0)
        {
            var ns = _store.Bucket(_namespaces).Get("", e.Object.Namespace);
            if (ns is not null && ObjectJson.IsDeleting(ns.Node))
            {
                _work.Enqueue(e.Object.Namespace);
            }
        }
    }

    private async Task ReconcileAsync(string name, CancellationToken ct)
    {
        var ns = _store.Bucket(_namespaces).Get("", name);
        if (ns is null || !ObjectJson.IsDeleting(ns.Node))
        {
            return;
        }

        var user = ResourceOperations.SystemUser("namespace-controller");
        var remaining = 0;
        foreach (var bucket in _store.Buckets.ToList())
        {
            var type = _catalog.StorageTypeOf(bucket.StorageKey);
            if (type is null || !type.Namespaced)
            {
                continue;
            }

            foreach (var o in bucket.Snapshot(name))
            {
                remaining++;
                if (ObjectJson.IsDeleting(o.Node))
                {
                    continue;
                }

                try
                {
                    await _operations.DeleteAsync(new ApiRequest { Type = type, Namespace = name, Name = o.Name, User = user },
                        new JsonObject { ["propagationPolicy"] = "Background" }, ct);
                }
                catch (ApiException e) when (e.Code == 404)
                {
                }
            }
        }

        if (remaining > 0 && _store.Buckets.Any(b => _catalog.StorageTypeOf(b.StorageKey)?.Namespaced == true && b.Snapshot(name).Count > 0))
        {
            return;
        }

        var finalizers = (ns.Node["spec"]?["finalizers"] as JsonArray)?.Select(ObjectJson.Str).Where(f => f != "kubernetes").ToList() ?? [];
        var body = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject { ["finalizers"] = new JsonArray([.. finalizers.Select(f => (JsonNode?)JsonValue.Create(f))]) },
        };
        try
        {
            await _operations.UpdateAsync(new ApiRequest { Type = _namespaces, Name = name, Subresource = "finalize", User = user }, body, ct);
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
            if (e.Code == 409)
            {
                _work.Enqueue(name);
            }
        }
    }

    public void Dispose()
    {
        _store.Committed -= OnCommitted;
        _work.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "namespace {Name} cleanup failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string name, string reason);
}
