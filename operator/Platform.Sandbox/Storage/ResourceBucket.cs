using Platform.Sandbox.Errors;
using Platform.Sandbox.Resources;

namespace Platform.Sandbox.Storage;

/// <summary>
/// All objects of one resource (every version shares the bucket), ordered by key, with a bounded log of
/// recent changes for watches that resume from a resourceVersion. One lock per bucket: writers to
/// different resources never contend.
/// </summary>
internal sealed class ResourceBucket
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, StoredObject> _objects = new(StringComparer.Ordinal);
    private readonly StoreEvent?[] _log;
    private readonly List<WatchSubscription> _watchers = [];
    private readonly Func<long> _nextVersion;
    private int _logStart;
    private int _logCount;
    private long _evictedThrough;

    public ResourceBucket(string storageKey, int retainedEvents, Func<long> nextVersion)
    {
        StorageKey = storageKey;
        _log = new StoreEvent?[Math.Max(16, retainedEvents)];
        _nextVersion = nextVersion;
    }

    public string StorageKey { get; }

    /// <summary>Raised after every commit, outside the lock ordering guarantees of watchers.</summary>
    public event Action<StoreEvent>? Committed;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _objects.Count;
            }
        }
    }

    public StoredObject? Get(string namespaceName, string name)
    {
        lock (_lock)
        {
            return _objects.GetValueOrDefault(ObjectKey.Of(namespaceName, name));
        }
    }

    /// <summary>All objects in key order, optionally in one namespace.</summary>
    public List<StoredObject> Snapshot(string? namespaceName)
    {
        lock (_lock)
        {
            if (namespaceName is null)
            {
                return [.. _objects.Values];
            }

            return [.. _objects.Values.Where(o => o.Namespace == namespaceName)];
        }
    }

    /// <summary>
    /// Commits a change. <paramref name="build"/> runs under the lock with the current object (or null)
    /// and the resourceVersion being assigned, and returns the object to store (null deletes), or throws.
    /// </summary>
    public StoreEvent Commit(ResourceType type, string namespaceName, string name, Func<StoredObject?, long, System.Text.Json.Nodes.JsonObject?> build, bool dryRun = false)
    {
        StoreEvent e;
        lock (_lock)
        {
            var key = ObjectKey.Of(namespaceName, name);
            _objects.TryGetValue(key, out var current);
            var rv = dryRun ? 0 : _nextVersion();
            var next = build(current, rv);
            if (next is null)
            {
                if (current is null)
                {
                    throw ApiErrors.NotFound(type, name);
                }

                var deleted = current.CloneNode();
                if (!dryRun)
                {
                    deleted["metadata"]!["resourceVersion"] = rv.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                e = new StoreEvent(WatchEventType.Deleted, new StoredObject(deleted, rv, namespaceName, name), StorageKey, current);
                if (dryRun)
                {
                    return e;
                }

                _objects.Remove(key);
            }
            else
            {
                var stored = new StoredObject(next, rv, namespaceName, name);
                e = new StoreEvent(current is null ? WatchEventType.Added : WatchEventType.Modified, stored, StorageKey, current);
                if (dryRun)
                {
                    return e;
                }

                _objects[key] = stored;
            }

            Append(e);
            foreach (var w in _watchers)
            {
                w.Offer(e);
            }
        }

        Committed?.Invoke(e);
        return e;
    }

    /// <summary>
    /// Subscribes to changes. With <paramref name="fromVersion"/>, events after it are replayed first
    /// (or 410 Expired when they have left the log); without it, the returned snapshot is the starting state.
    /// </summary>
    public (WatchSubscription Subscription, List<StoredObject>? Snapshot) Subscribe(long? fromVersion, string? namespaceName)
    {
        lock (_lock)
        {
            var sub = new WatchSubscription(this);
            List<StoredObject>? snapshot = null;
            if (fromVersion is { } from)
            {
                if (from < _evictedThrough)
                {
                    throw ApiErrors.Expired(from, _evictedThrough + 1);
                }

                for (var i = 0; i < _logCount; i++)
                {
                    var e = _log[(_logStart + i) % _log.Length]!;
                    if (e.ResourceVersion > from)
                    {
                        sub.Offer(e);
                    }
                }
            }
            else
            {
                snapshot = namespaceName is null
                    ? [.. _objects.Values]
                    : [.. _objects.Values.Where(o => o.Namespace == namespaceName)];
            }

            _watchers.Add(sub);
            return (sub, snapshot);
        }
    }

    public void Unsubscribe(WatchSubscription sub)
    {
        lock (_lock)
        {
            _watchers.Remove(sub);
        }
    }

    /// <summary>Ends every watch on this bucket (fault injection, shutdown).</summary>
    public void CloseWatches()
    {
        lock (_lock)
        {
            foreach (var w in _watchers)
            {
                w.Close();
            }

            _watchers.Clear();
        }
    }

    public int WatcherCount
    {
        get
        {
            lock (_lock)
            {
                return _watchers.Count;
            }
        }
    }

    /// <summary>Loads an object without recording an event (used when restoring persisted state).</summary>
    public void Restore(StoredObject obj)
    {
        lock (_lock)
        {
            _objects[obj.Key] = obj;
        }
    }

    private void Append(StoreEvent e)
    {
        if (_logCount == _log.Length)
        {
            _evictedThrough = _log[_logStart]!.ResourceVersion;
            _log[_logStart] = e;
            _logStart = (_logStart + 1) % _log.Length;
        }
        else
        {
            _log[(_logStart + _logCount) % _log.Length] = e;
            _logCount++;
        }
    }
}
