using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Platform.Sandbox.Errors;
using Platform.Sandbox.Resources;
using Platform.Sandbox.Rest;
using Platform.Sandbox.Storage;

namespace Platform.Sandbox.Controllers;

/// <summary>
/// ownerReference garbage collection: dependents of a deleted owner are deleted in the background;
/// an owner deleted with propagationPolicy Foreground (finalizer <c>foregroundDeletion</c>) waits until its
/// dependents are gone; Orphan (finalizer <c>orphan</c>) strips the owner reference from dependents.
/// A dependent with another live owner only loses the reference.
/// </summary>
internal sealed partial class GarbageCollector : IDisposable
{
    private readonly ObjectStore _store;
    private readonly ResourceCatalog _catalog;
    private readonly ResourceOperations _operations;
    private readonly ILogger _logger;
    private readonly SerialWorkQueue<StoreEvent> _work;

    public GarbageCollector(ObjectStore store, ResourceCatalog catalog, ResourceOperations operations, ILogger logger)
    {
        _store = store;
        _catalog = catalog;
        _operations = operations;
        _logger = logger;
        _work = new SerialWorkQueue<StoreEvent>(HandleAsync, (e, ex) => LogFailed(_logger, e.Object.Name, ex.Message));
        _store.Committed += OnCommitted;
    }

    private void OnCommitted(StoreEvent e)
    {
        var meta = e.Object.Node["metadata"];
        var relevant = e.Type == WatchEventType.Deleted
            || (meta?["deletionTimestamp"] is not null && meta["finalizers"] is JsonArray f && f.Any(x => ObjectJson.Str(x) is "foregroundDeletion" or "orphan"));
        if (relevant)
        {
            _work.Enqueue(e);
        }
    }

    private async Task HandleAsync(StoreEvent e, CancellationToken ct)
    {
        var uid = e.Object.Uid;
        if (e.Type == WatchEventType.Deleted)
        {
            foreach (var (type, dependent) in Dependents(uid))
            {
                var liveOwners = OwnerUids(dependent.Node).Where(o => o != uid && FindByUid(o) is not null).ToList();
                if (liveOwners.Count > 0)
                {
                    await RemoveOwnerReferenceAsync(type, dependent, uid, ct);
                }
                else
                {
                    await DeleteAsync(type, dependent, ct);
                }
            }

            // A deleted dependent may be what a foreground owner is waiting for.
            foreach (var owner in OwnerUids(e.Object.Node))
            {
                if (FindByUid(owner) is { } o && ObjectJson.IsDeleting(o.Object.Node))
                {
                    await ProcessDeletingOwnerAsync(o.Type, o.Object, ct);
                }
            }

            return;
        }

        var typeOf = TypeOf(e.StorageKey);
        var current = typeOf is null ? null : _store.Bucket(typeOf).Get(e.Object.Namespace, e.Object.Name);
        if (typeOf is not null && current is not null)
        {
            await ProcessDeletingOwnerAsync(typeOf, current, ct);
        }
    }

    private async Task ProcessDeletingOwnerAsync(ResourceType type, StoredObject owner, CancellationToken ct)
    {
        var finalizers = ObjectJson.Finalizers(owner.Node);
        var dependents = Dependents(owner.Uid).ToList();
        if (finalizers.Contains("orphan"))
        {
            foreach (var (t, d) in dependents)
            {
                await RemoveOwnerReferenceAsync(t, d, owner.Uid, ct);
            }

            await RemoveFinalizerAsync(type, owner, "orphan", ct);
            return;
        }

        if (finalizers.Contains("foregroundDeletion"))
        {
            if (dependents.Count == 0)
            {
                await RemoveFinalizerAsync(type, owner, "foregroundDeletion", ct);
                return;
            }

            foreach (var (t, d) in dependents.Where(d => !ObjectJson.IsDeleting(d.Object.Node)))
            {
                await DeleteAsync(t, d, ct, "Foreground");
            }
        }
    }

    private IEnumerable<(ResourceType Type, StoredObject Object)> Dependents(string ownerUid)
    {
        if (ownerUid.Length == 0)
        {
            yield break;
        }

        foreach (var bucket in _store.Buckets)
        {
            var type = TypeOf(bucket.StorageKey);
            if (type is null)
            {
                continue;
            }

            foreach (var o in bucket.Snapshot(null))
            {
                if (OwnerUids(o.Node).Contains(ownerUid))
                {
                    yield return (type, o);
                }
            }
        }
    }

    private (ResourceType Type, StoredObject Object)? FindByUid(string uid)
    {
        foreach (var bucket in _store.Buckets)
        {
            var type = TypeOf(bucket.StorageKey);
            var match = bucket.Snapshot(null).FirstOrDefault(o => o.Uid == uid);
            if (type is not null && match is not null)
            {
                return (type, match);
            }
        }

        return null;
    }

    private ResourceType? TypeOf(string storageKey)
    {
        return _catalog.StorageTypeOf(storageKey);
    }

    private static List<string> OwnerUids(JsonObject obj) =>
        (obj["metadata"]?["ownerReferences"] as JsonArray)?.Select(r => ObjectJson.Str(r?["uid"])).Where(u => u.Length > 0).ToList() ?? [];

    private ApiRequest Request(ResourceType type, StoredObject o) => new()
    {
        Type = type,
        Namespace = o.Namespace,
        Name = o.Name,
        User = ResourceOperations.SystemUser("generic-garbage-collector"),
    };

    private async Task DeleteAsync(ResourceType type, StoredObject o, CancellationToken ct, string policy = "Background")
    {
        try
        {
            await _operations.DeleteAsync(Request(type, o), new JsonObject { ["propagationPolicy"] = policy }, ct);
        }
        catch (ApiException e) when (e.Code == 404)
        {
        }
    }

    private async Task RemoveOwnerReferenceAsync(ResourceType type, StoredObject o, string ownerUid, CancellationToken ct)
    {
        var remaining = new JsonArray([.. ((o.Node["metadata"]?["ownerReferences"] as JsonArray) ?? [])
            .Where(r => ObjectJson.Str(r?["uid"]) != ownerUid).Select(r => r?.DeepClone())]);
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["ownerReferences"] = remaining.Count == 0 ? null : remaining } };
        try
        {
            await _operations.PatchAsync(Request(type, o), "application/merge-patch+json", patch.ToJsonString(), ct);
        }
        catch (ApiException e) when (e.Code == 404)
        {
        }
    }

    private async Task RemoveFinalizerAsync(ResourceType type, StoredObject o, string finalizer, CancellationToken ct)
    {
        var remaining = ObjectJson.Finalizers(o.Node).Where(f => f != finalizer).ToList();
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["finalizers"] = remaining.Count == 0 ? null : new JsonArray([.. remaining.Select(f => (JsonNode?)JsonValue.Create(f))]),
            },
        };
        try
        {
            await _operations.PatchAsync(Request(type, o), "application/merge-patch+json", patch.ToJsonString(), ct);
        }
        catch (ApiException e) when (e.Code == 404)
        {
        }
    }

    public void Dispose()
    {
        _store.Committed -= OnCommitted;
        _work.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "garbage collection of {Name} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string name, string reason);
}
