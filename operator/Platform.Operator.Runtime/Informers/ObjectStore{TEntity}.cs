using k8s;
using k8s.Models;
using Platform.Operator.Abstractions.Cache;
using Platform.Operator.Abstractions.Reconciliation;

namespace Platform.Operator.Runtime.Informers;

/// <summary>
/// The informer's in-memory, indexed store: objects by key, plus a namespace index and any named indexes.
/// Writes come only from the informer; reads are thread-safe.
/// </summary>
internal sealed class ObjectStore<TEntity> : IEntityCache<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    private const string NamespaceIndex = "\0namespace";
    private readonly Lock _gate = new();
    private readonly Dictionary<EntityKey, TEntity> _items = [];
    private readonly Dictionary<string, Func<TEntity, IEnumerable<string>>> _indexers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, HashSet<EntityKey>>> _indices = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ObjectStore(IEnumerable<IndexRegistration<TEntity>>? indexes = null)
    {
        _indexers[NamespaceIndex] = static e => [e.Metadata?.NamespaceProperty ?? string.Empty];
        foreach (var index in indexes ?? [])
        {
            _indexers[index.Name] = index.Indexer;
        }

        foreach (var name in _indexers.Keys)
        {
            _indices[name] = new Dictionary<string, HashSet<EntityKey>>(StringComparer.Ordinal);
        }
    }

    public bool HasSynced => _synced.Task.IsCompleted;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    public TEntity? Get(string? @namespace, string name)
    {
        lock (_gate)
        {
            return _items.TryGetValue(new EntityKey(string.IsNullOrEmpty(@namespace) ? null : @namespace, name), out var item) ? item : default;
        }
    }

    public IReadOnlyList<TEntity> List(string? @namespace = null)
    {
        lock (_gate)
        {
            return @namespace is null ? [.. _items.Values] : LookupLocked(NamespaceIndex, @namespace);
        }
    }

    public IReadOnlyList<TEntity> ByIndex(string indexName, string value)
    {
        lock (_gate)
        {
            if (!_indices.ContainsKey(indexName))
            {
                throw new ArgumentException($"No index named '{indexName}' is registered for {typeof(TEntity).Name}.", nameof(indexName));
            }

            return LookupLocked(indexName, value);
        }
    }

    public IReadOnlyList<EntityKey> Keys()
    {
        lock (_gate)
        {
            return [.. _items.Keys];
        }
    }

    /// <summary>Stores an object; returns the one it replaced.</summary>
    public TEntity? Upsert(TEntity entity)
    {
        var key = EntityKey.From(entity);
        lock (_gate)
        {
            _items.TryGetValue(key, out var previous);
            if (previous is not null)
            {
                UnindexLocked(key, previous);
            }

            _items[key] = entity;
            IndexLocked(key, entity);
            return previous;
        }
    }

    /// <summary>Removes an object; returns the stored one, or null when it was not there.</summary>
    public TEntity? Remove(EntityKey key)
    {
        lock (_gate)
        {
            if (!_items.Remove(key, out var previous))
            {
                return default;
            }

            UnindexLocked(key, previous);
            return previous;
        }
    }

    /// <summary>Replaces the whole content (after a list) and returns the difference as events.</summary>
    public IReadOnlyList<InformerEvent<TEntity>> Replace(IEnumerable<TEntity> entities)
    {
        var changes = new List<InformerEvent<TEntity>>();
        lock (_gate)
        {
            var seen = new HashSet<EntityKey>();
            foreach (var entity in entities)
            {
                var key = EntityKey.From(entity);
                seen.Add(key);
                if (_items.TryGetValue(key, out var previous))
                {
                    UnindexLocked(key, previous);
                    if (!string.Equals(previous.Metadata?.ResourceVersion, entity.Metadata?.ResourceVersion, StringComparison.Ordinal))
                    {
                        changes.Add(new InformerEvent<TEntity>(WatchEventType.Modified, entity, previous));
                    }
                }
                else
                {
                    changes.Add(new InformerEvent<TEntity>(WatchEventType.Added, entity, default));
                }

                _items[key] = entity;
                IndexLocked(key, entity);
            }

            foreach (var gone in _items.Keys.Where(k => !seen.Contains(k)).ToList())
            {
                var previous = _items[gone];
                _items.Remove(gone);
                UnindexLocked(gone, previous);
                changes.Add(new InformerEvent<TEntity>(WatchEventType.Deleted, previous, default));
            }
        }

        return changes;
    }

    public void MarkSynced() => _synced.TrySetResult();

    private List<TEntity> LookupLocked(string index, string value) =>
        _indices[index].TryGetValue(value, out var keys) ? [.. keys.Select(k => _items[k])] : [];

    private void IndexLocked(EntityKey key, TEntity entity)
    {
        foreach (var (name, indexer) in _indexers)
        {
            foreach (var value in SafeValues(indexer, entity))
            {
                var index = _indices[name];
                if (!index.TryGetValue(value, out var keys))
                {
                    index[value] = keys = [];
                }

                keys.Add(key);
            }
        }
    }

    private void UnindexLocked(EntityKey key, TEntity entity)
    {
        foreach (var (name, indexer) in _indexers)
        {
            foreach (var value in SafeValues(indexer, entity))
            {
                var index = _indices[name];
                if (index.TryGetValue(value, out var keys) && keys.Remove(key) && keys.Count == 0)
                {
                    index.Remove(value);
                }
            }
        }
    }

    // A buggy indexer must not corrupt the store or kill the informer: the object is just not indexed.
    private static IEnumerable<string> SafeValues(Func<TEntity, IEnumerable<string>> indexer, TEntity entity)
    {
        try
        {
            return indexer(entity)?.Where(v => v is not null).Distinct(StringComparer.Ordinal).ToList() ?? [];
        }
        catch (Exception)
        {
            return [];
        }
    }
}
