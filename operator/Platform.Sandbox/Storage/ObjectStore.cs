using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Platform.Sandbox.Api;
using Platform.Sandbox.Resources;

namespace Platform.Sandbox.Storage;

/// <summary>
/// The in-memory object store: one <see cref="ResourceBucket"/> per resource, one cluster-wide
/// resourceVersion counter (like etcd's revision, so list and watch versions compare across resources).
/// </summary>
internal sealed class ObjectStore : IObjectStoreReader
{
    private readonly ConcurrentDictionary<string, ResourceBucket> _buckets = new(StringComparer.Ordinal);
    private readonly ResourceCatalog _catalog;
    private readonly int _retainedEvents;
    private long _version;

    public ObjectStore(ResourceCatalog catalog, int retainedEvents = 10_000)
    {
        _catalog = catalog;
        _retainedEvents = retainedEvents;
    }

    /// <summary>Every commit in every bucket.</summary>
    public event Action<StoreEvent>? Committed;

    public long CurrentVersion => Interlocked.Read(ref _version);

    public ResourceBucket Bucket(ResourceType type) => Bucket(type.StorageKey);

    public ResourceBucket Bucket(string storageKey) => _buckets.GetOrAdd(storageKey, k =>
    {
        var b = new ResourceBucket(k, _retainedEvents, () => Interlocked.Increment(ref _version));
        b.Committed += e => Committed?.Invoke(e);
        return b;
    });

    public IEnumerable<ResourceBucket> Buckets => _buckets.Values;

    /// <summary>Raises the counter to at least <paramref name="version"/> (after restoring persisted state).</summary>
    public void AdvanceVersionTo(long version)
    {
        long seen;
        while ((seen = Interlocked.Read(ref _version)) < version)
        {
            Interlocked.CompareExchange(ref _version, version, seen);
        }
    }

    public void CloseAllWatches()
    {
        foreach (var b in _buckets.Values)
        {
            b.CloseWatches();
        }
    }

    public JsonObject? Get(string group, string version, string resource, string namespaceName, string name)
    {
        var type = _catalog.Find(group, version, resource);
        if (type is null)
        {
            return null;
        }

        var obj = Bucket(type).Get(type.Namespaced ? namespaceName : "", name);
        return obj is null ? null : ObjectConversion.ToVersion(obj.CloneNode(), type);
    }

    public IReadOnlyList<JsonObject> List(string group, string version, string resource, string? namespaceName = null)
    {
        var type = _catalog.Find(group, version, resource);
        if (type is null)
        {
            return [];
        }

        return [.. Bucket(type).Snapshot(type.Namespaced ? namespaceName : null).Select(o => ObjectConversion.ToVersion(o.CloneNode(), type))];
    }
}
