using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Sandbox.Semantics;

/// <summary>
/// Server-side apply as far as <c>kubectl apply --server-side</c> needs: the applied configuration is
/// merged into the live object (keyed lists by merge key), fields this manager applied before and no longer
/// applies are removed, and the manager's field set is recorded in <c>metadata.managedFields</c>
/// (FieldsV1). Ownership conflicts between managers are not detected (force is implied).
/// </summary>
internal static class ServerSideApply
{
    public static JsonObject Apply(JsonObject live, JsonObject config, string manager, string kind, string apiVersion, string now)
    {
        var newFields = FieldsOf(config, "", kind);
        var previous = FindEntry(live, manager)?["fieldsV1"] as JsonObject;
        if (previous is not null)
        {
            RemoveDropped(live, previous, newFields, "", kind);
        }

        var merged = StrategicMergePatch.Apply(live, (JsonObject)config.DeepClone(), kind);
        RecordManager(merged, manager, apiVersion, now, newFields);
        return merged;
    }

    /// <summary>The FieldsV1 tree for a new object created by apply.</summary>
    public static void RecordCreate(JsonObject obj, JsonObject config, string manager, string kind, string apiVersion, string now) =>
        RecordManager(obj, manager, apiVersion, now, FieldsOf(config, "", kind));

    private static void RecordManager(JsonObject obj, string manager, string apiVersion, string now, JsonObject fields)
    {
        var metadata = obj["metadata"] as JsonObject ?? [];
        obj["metadata"] = metadata;
        var managed = metadata["managedFields"] as JsonArray ?? [];
        metadata["managedFields"] = managed;
        if (FindEntry(obj, manager) is { } old)
        {
            managed.Remove(old);
        }

        managed.Add(new JsonObject
        {
            ["manager"] = manager,
            ["operation"] = "Apply",
            ["apiVersion"] = apiVersion,
            ["time"] = now,
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = fields,
        });
    }

    private static JsonObject? FindEntry(JsonObject obj, string manager) =>
        (obj["metadata"]?["managedFields"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(e => e["manager"]?.ToString() == manager && e["operation"]?.ToString() == "Apply");

    internal static JsonObject FieldsOf(JsonObject config, string path, string kind)
    {
        var tree = new JsonObject();
        foreach (var (key, value) in config)
        {
            if (path.Length == 0 && key is "apiVersion" or "kind")
            {
                continue;
            }

            if (path == "metadata" && key is "name" or "namespace" or "managedFields" or "resourceVersion" or "uid" or "creationTimestamp" or "generation")
            {
                continue;
            }

            var childPath = path.Length == 0 ? key : path + "." + key;
            tree["f:" + key] = value switch
            {
                JsonObject o => FieldsOf(o, childPath, kind),
                JsonArray a when PatchMergeKeys.KeyFor(kind, childPath) is { } mergeKey => ListFields(a, mergeKey, childPath, kind),
                _ => new JsonObject(),
            };
        }

        return tree;
    }

    private static JsonObject ListFields(JsonArray list, string mergeKey, string path, string kind)
    {
        var tree = new JsonObject();
        foreach (var e in list.OfType<JsonObject>())
        {
            if (e[mergeKey] is not { } keyValue)
            {
                continue;
            }

            var element = FieldsOf(e, path, kind);
            element["."] = new JsonObject();
            tree[ElementKey(mergeKey, keyValue)] = element;
        }

        return tree;
    }

    private static string ElementKey(string mergeKey, JsonNode keyValue) =>
        "k:" + JsonSerializer.Serialize(new JsonObject { [mergeKey] = keyValue.DeepClone() });

    private static void RemoveDropped(JsonNode? live, JsonObject previous, JsonObject current, string path, string kind)
    {
        foreach (var (key, prevChild) in previous)
        {
            if (key == ".")
            {
                continue;
            }

            current.TryGetPropertyValue(key, out var curChild);
            if (key.StartsWith("f:", StringComparison.Ordinal) && live is JsonObject lo)
            {
                var field = key[2..];
                var childPath = path.Length == 0 ? field : path + "." + field;
                if (curChild is null)
                {
                    lo.Remove(field);
                }
                else if (prevChild is JsonObject p && p.Count > 0 && curChild is JsonObject c)
                {
                    RemoveDropped(lo[field], p, c, childPath, kind);
                }
            }
            else if (key.StartsWith("k:", StringComparison.Ordinal) && live is JsonArray la)
            {
                var match = JsonNode.Parse(key[2..]) as JsonObject;
                var (mk, mv) = match!.First();
                var element = la.OfType<JsonObject>().FirstOrDefault(e => JsonNode.DeepEquals(e[mk], mv));
                if (element is null)
                {
                    continue;
                }

                if (curChild is null)
                {
                    la.Remove(element);
                }
                else if (prevChild is JsonObject p && curChild is JsonObject c)
                {
                    RemoveDropped(element, p, c, path, kind);
                }
            }
        }
    }
}
