using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Sandbox.Semantics;

/// <summary>
/// Field sets of objects, as server-side apply tracks them: the fields an applied configuration sets,
/// and what changed between two versions of an object. Keyed lists (by patch merge key) are tracked
/// per element (<c>k:{"name":"app"}</c>), merged scalar lists per value (<c>v:"x"</c>), other lists as
/// one atomic field. Identity and server-owned metadata is never tracked (the upstream field manager
/// strips apiVersion, kind, metadata itself, and metadata name, namespace, uid, resourceVersion,
/// generation, creationTimestamp, selfLink and managedFields).
/// </summary>
internal static class ObjectFieldSets
{
    /// <summary>
    /// Below this many path elements a value is tracked as one field: the FieldsV1 tree sits five levels
    /// down in the object, and the JSON reader and writer stop at 64 levels.
    /// </summary>
    public const int MaxTrackedDepth = 48;

    /// <summary>Every field the configuration sets: its leaves, empty maps, keyed-list elements and set values.</summary>
    public static FieldSet OfApplied(JsonObject config, string kind)
    {
        var root = new FieldSet();
        AppliedObject(root, config, "", kind, 0);
        return root;
    }

    /// <summary>
    /// What changed from <paramref name="old"/> (null on create) to <paramref name="current"/>. Added maps,
    /// keyed-list elements and set lists are members themselves; on a built-in kind the top-level spec and
    /// status are not (they are never absent on the real server's typed objects).
    /// </summary>
    public static FieldComparison Compare(JsonObject? old, JsonObject current, string kind, bool custom)
    {
        var changed = new FieldSet();
        var removed = new FieldSet();
        CompareObjects(old, current, "", kind, custom, changed, removed, 0);
        return new FieldComparison(changed, removed);
    }

    /// <summary>The element name of one keyed-list entry, as FieldsV1 writes it.</summary>
    public static string ElementKey(string mergeKey, JsonNode keyValue) =>
        "k:{" + JsonSerializer.Serialize(mergeKey) + ":" + keyValue.ToJsonString() + "}";

    public static string ValueKey(JsonNode? value) => "v:" + (value?.ToJsonString() ?? "null");

    /// <summary>True for the fields the field manager never tracks.</summary>
    private static bool Untracked(string parentPath, string key) => parentPath.Length switch
    {
        0 => key is "apiVersion" or "kind",
        8 when parentPath == "metadata" => key is "name" or "namespace" or "uid" or "resourceVersion" or "generation"
            or "creationTimestamp" or "managedFields" or "selfLink" or "deletionTimestamp" or "deletionGracePeriodSeconds",
        _ => false,
    };

    private static string ChildPath(string path, string key) => path.Length == 0 ? key : path + "." + key;

    private static void AppliedObject(FieldSet node, JsonObject obj, string path, string kind, int depth)
    {
        foreach (var (key, value) in obj)
        {
            if (Untracked(path, key))
            {
                continue;
            }

            var child = new FieldSet();
            switch (value)
            {
                case JsonObject o when o.Count > 0 && depth + 1 < MaxTrackedDepth:
                    AppliedObject(child, o, ChildPath(path, key), kind, depth + 1);
                    break;
                case JsonArray a when depth + 1 < MaxTrackedDepth:
                    AppliedList(child, a, ChildPath(path, key), kind, depth + 1);
                    break;
                default:
                    child.IsMember = true;
                    break;
            }

            node.Add("f:" + key, child);
        }
    }

    private static void AppliedList(FieldSet node, JsonArray list, string path, string kind, int depth)
    {
        if (PatchMergeKeys.KeyFor(kind, path) is { } mergeKey && HasKeys(list, mergeKey))
        {
            foreach (var e in list)
            {
                var element = new FieldSet { IsMember = true };
                AppliedObject(element, (JsonObject)e!, path, kind, depth + 1);
                node.Add(ElementKey(mergeKey, e![mergeKey]!), element);
            }
        }
        else if (PatchMergeKeys.IsMergedScalarList(path))
        {
            foreach (var v in list)
            {
                node.Add(ValueKey(v), new FieldSet { IsMember = true });
            }
        }
        else
        {
            node.IsMember = true;
        }
    }

    private static bool HasKeys(JsonArray list, string mergeKey)
    {
        foreach (var e in list)
        {
            if (e is not JsonObject o || o[mergeKey] is null)
            {
                return false;
            }
        }

        return true;
    }

    private static void CompareObjects(JsonObject? old, JsonObject current, string path, string kind, bool custom, FieldSet changed, FieldSet removed, int depth)
    {
        foreach (var (key, value) in current)
        {
            if (Untracked(path, key))
            {
                continue;
            }

            JsonNode? before = null;
            if (old is null || !old.TryGetPropertyValue(key, out before))
            {
                var self = path.Length > 0 || (key != "metadata" && (custom || key is not ("spec" or "status")));
                changed.Add("f:" + key, Everything(value, ChildPath(path, key), kind, self, depth + 1));
                continue;
            }

            CompareValues(before, value, key, path, kind, custom, changed, removed, depth + 1);
        }

        if (old is null)
        {
            return;
        }

        foreach (var (key, value) in old)
        {
            if (!Untracked(path, key) && !current.ContainsKey(key))
            {
                removed.Add("f:" + key, Everything(value, ChildPath(path, key), kind, key != "metadata" || path.Length > 0, depth + 1));
            }
        }
    }

    /// <summary>Compares one field at <paramref name="depth"/> path elements (values deeper than the cap compare whole).</summary>
    private static void CompareValues(JsonNode? before, JsonNode? value, string key, string path, string kind, bool custom, FieldSet changed, FieldSet removed, int depth)
    {
        switch (before, value)
        {
            case (JsonObject or JsonArray, _) when depth >= MaxTrackedDepth:
                break;
            case (JsonObject bo, JsonObject vo):
                {
                    var c = new FieldSet();
                    var r = new FieldSet();
                    CompareObjects(bo, vo, ChildPath(path, key), kind, custom, c, r, depth);
                    changed.Add("f:" + key, c);
                    removed.Add("f:" + key, r);
                    return;
                }

            case (JsonArray ba, JsonArray va):
                {
                    var childPath = ChildPath(path, key);
                    if (PatchMergeKeys.KeyFor(kind, childPath) is { } mergeKey && HasKeys(ba, mergeKey) && HasKeys(va, mergeKey))
                    {
                        var c = new FieldSet();
                        var r = new FieldSet();
                        CompareKeyedLists(ba, va, mergeKey, childPath, kind, custom, c, r, depth);
                        changed.Add("f:" + key, c);
                        removed.Add("f:" + key, r);
                        return;
                    }

                    if (PatchMergeKeys.IsMergedScalarList(childPath))
                    {
                        var c = new FieldSet();
                        var r = new FieldSet();
                        foreach (var v in va.Where(v => !ba.Any(b => JsonNode.DeepEquals(b, v))))
                        {
                            c.Add(ValueKey(v), new FieldSet { IsMember = true });
                        }

                        foreach (var b in ba.Where(b => !va.Any(v => JsonNode.DeepEquals(b, v))))
                        {
                            r.Add(ValueKey(b), new FieldSet { IsMember = true });
                        }

                        changed.Add("f:" + key, c);
                        removed.Add("f:" + key, r);
                        return;
                    }

                    break;
                }
        }

        if (JsonNode.DeepEquals(before, value))
        {
            return;
        }

        changed.Add("f:" + key, new FieldSet { IsMember = true });
        if (before is JsonObject or JsonArray)
        {
            // The value changed shape: what was tracked beneath it is gone.
            var gone = Everything(before, ChildPath(path, key), kind, self: false, depth);
            gone.IsMember = false;
            removed.Add("f:" + key, gone);
        }
    }

    private static void CompareKeyedLists(JsonArray before, JsonArray current, string mergeKey, string path, string kind, bool custom, FieldSet changed, FieldSet removed, int depth)
    {
        var old = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var e in before)
        {
            old[ElementKey(mergeKey, e![mergeKey]!)] = (JsonObject)e;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in current)
        {
            var element = ElementKey(mergeKey, e![mergeKey]!);
            seen.Add(element);
            if (!old.TryGetValue(element, out var previous))
            {
                changed.Add(element, Everything(e, path, kind, self: true, depth + 1));
                continue;
            }

            var c = new FieldSet();
            var r = new FieldSet();
            CompareObjects(previous, (JsonObject)e, path, kind, custom, c, r, depth + 1);
            changed.Add(element, c);
            removed.Add(element, r);
        }

        foreach (var (element, previous) in old)
        {
            if (!seen.Contains(element))
            {
                removed.Add(element, Everything(previous, path, kind, self: true, depth + 1));
            }
        }
    }

    /// <summary>Every path in <paramref name="value"/> (added or removed as a whole).</summary>
    private static FieldSet Everything(JsonNode? value, string path, string kind, bool self, int depth)
    {
        var node = new FieldSet { IsMember = self };
        if (depth >= MaxTrackedDepth)
        {
            node.IsMember = true;
            return node;
        }

        switch (value)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                {
                    if (!Untracked(path, key))
                    {
                        node.Add("f:" + key, Everything(child, ChildPath(path, key), kind, self: true, depth + 1));
                    }
                }

                if (o.Count == 0)
                {
                    node.IsMember = true;
                }

                break;
            case JsonArray a when PatchMergeKeys.KeyFor(kind, path) is { } mergeKey && HasKeys(a, mergeKey):
                node.IsMember = false;
                foreach (var e in a)
                {
                    node.Add(ElementKey(mergeKey, e![mergeKey]!), Everything(e, path, kind, self: true, depth + 1));
                }

                if (a.Count == 0)
                {
                    node.IsMember = true;
                }

                break;
            case JsonArray a when PatchMergeKeys.IsMergedScalarList(path):
                node.IsMember = true;
                foreach (var v in a)
                {
                    node.Add(ValueKey(v), new FieldSet { IsMember = true });
                }

                break;
            default:
                node.IsMember = true;
                break;
        }

        return node;
    }
}
