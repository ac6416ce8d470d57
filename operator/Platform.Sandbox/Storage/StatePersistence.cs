using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Sandbox.Resources;
using Platform.Sandbox.Rest;
using Platform.Sandbox.Semantics;

namespace Platform.Sandbox.Storage;

/// <summary>
/// <c>--data-dir</c> persistence: every commit is appended (and flushed to disk) to a JSON-lines journal
/// before the request is answered; on start the journal is replayed (latest resourceVersion per object
/// wins) and compacted. Served CRDs and allocated service addresses are restored with the objects.
/// </summary>
internal sealed class StatePersistence : IDisposable
{
    private const string JournalName = "objects.jsonl";
    private readonly string _path;
    private readonly ObjectStore _store;
    private readonly ResourceCatalog _catalog;
    private readonly ServiceAddressAllocator _addresses;
    private readonly Lock _lock = new();
    private FileStream? _journal;

    public StatePersistence(string directory, ObjectStore store, ResourceCatalog catalog, ServiceAddressAllocator addresses)
    {
        Directory.CreateDirectory(directory);
        _path = Path.Combine(directory, JournalName);
        _store = store;
        _catalog = catalog;
        _addresses = addresses;
    }

    public void Restore()
    {
        var latest = new Dictionary<(string Bucket, string Key), (long Rv, JsonObject? Obj, string Ns, string Name)>();
        long maxRv = 0;
        if (File.Exists(_path))
        {
            foreach (var line in File.ReadLines(_path))
            {
                JsonObject? entry;
                try
                {
                    entry = JsonNode.Parse(line) as JsonObject;
                }
                catch (JsonException)
                {
                    // A torn last line from a crash mid-append: everything before it is intact.
                    continue;
                }

                if (entry is null)
                {
                    continue;
                }

                var bucket = ObjectJson.Str(entry["b"]);
                var ns = ObjectJson.Str(entry["ns"]);
                var name = ObjectJson.Str(entry["n"]);
                var rv = ObjectJson.Long(entry["rv"]) ?? 0;
                maxRv = Math.Max(maxRv, rv);
                var key = (bucket, ObjectKey.Of(ns, name));
                if (!latest.TryGetValue(key, out var seen) || seen.Rv < rv)
                {
                    latest[key] = (rv, entry["o"] as JsonObject, ns, name);
                }
            }
        }

        foreach (var ((bucket, _), (rv, obj, ns, name)) in latest)
        {
            if (obj is null)
            {
                continue;
            }

            obj.Parent?.AsObject().Remove("o");
            _store.Bucket(bucket).Restore(new StoredObject(obj, rv, ns, name));
            if (bucket == "apiextensions.k8s.io/customresourcedefinitions")
            {
                _catalog.SetCustom(name, CustomResourceDefinitions.ToResourceTypes(obj));
            }
            else if (bucket == "/services")
            {
                _addresses.Reserve(obj);
            }
        }

        _store.AdvanceVersionTo(maxRv);
        Compact();
        _journal = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
        _store.Committed += Append;
    }

    private void Compact()
    {
        var temp = _path + ".tmp";
        using (var writer = new StreamWriter(temp, false, new UTF8Encoding(false)))
        {
            foreach (var bucket in _store.Buckets)
            {
                foreach (var o in bucket.Snapshot(null))
                {
                    writer.WriteLine(Line(bucket.StorageKey, o, deleted: false));
                }
            }
        }

        File.Move(temp, _path, overwrite: true);
    }

    private void Append(StoreEvent e)
    {
        var bytes = Encoding.UTF8.GetBytes(Line(e.StorageKey, e.Object, e.Type == WatchEventType.Deleted) + "\n");
        lock (_lock)
        {
            if (_journal is null)
            {
                return;
            }

            _journal.Write(bytes);
            _journal.Flush(flushToDisk: true);
        }
    }

    private static string Line(string bucket, StoredObject o, bool deleted)
    {
        var sb = new StringBuilder();
        sb.Append("{\"b\":").Append(JsonSerializer.Serialize(bucket))
          .Append(",\"ns\":").Append(JsonSerializer.Serialize(o.Namespace))
          .Append(",\"n\":").Append(JsonSerializer.Serialize(o.Name))
          .Append(",\"rv\":").Append(o.ResourceVersion.ToString(CultureInfo.InvariantCulture));
        if (!deleted)
        {
            sb.Append(",\"o\":").Append(Encoding.UTF8.GetString(o.Json.Span));
        }

        return sb.Append('}').ToString();
    }

    public void Dispose()
    {
        _store.Committed -= Append;
        lock (_lock)
        {
            _journal?.Dispose();
            _journal = null;
        }
    }
}
