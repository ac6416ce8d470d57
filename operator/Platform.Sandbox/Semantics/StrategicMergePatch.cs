using System.Text.Json.Nodes;
using Platform.Sandbox.Errors;

namespace Platform.Sandbox.Semantics;

/// <summary>
/// Strategic merge patch for built-in kinds: lists with a patch merge key merge element-wise, scalar
/// lists with the merge strategy union, everything else as JSON merge patch. Directives honoured:
/// <c>$patch: replace|delete|merge</c>, <c>$retainKeys</c>, <c>$deleteFromPrimitiveList/&lt;field&gt;</c>;
/// <c>$setElementOrder/&lt;field&gt;</c> is accepted and dropped.
/// </summary>
internal static class StrategicMergePatch
{
    public static JsonObject Apply(JsonObject target, JsonObject patch, string kind)
    {
        return MergeObject(target, patch, "", kind) ?? [];
    }

    private static JsonObject? MergeObject(JsonObject target, JsonObject patch, string path, string kind)
    {
        switch (Directive(patch))
        {
            case "delete":
                return null;
            case "replace":
                target.Clear();
                foreach (var (k, v) in patch)
                {
                    if (!k.StartsWith('$'))
                    {
                        target[k] = Strip(v);
                    }
                }

                return target;
            case null or "merge":
                break;
            default:
                throw ApiErrors.BadRequest($"Unknown patch type: {Directive(patch)}");
        }

        foreach (var (key, value) in patch.ToList())
        {
            if (key is "$patch" or "$retainKeys" || key.StartsWith("$setElementOrder/", StringComparison.Ordinal))
            {
                continue;
            }

            if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                var field = key["$deleteFromPrimitiveList/".Length..];
                if (target[field] is JsonArray list && value is JsonArray remove)
                {
                    foreach (var item in list.Where(i => remove.Any(r => JsonNode.DeepEquals(r, i))).ToList())
                    {
                        list.Remove(item);
                    }
                }

                continue;
            }

            var childPath = path.Length == 0 ? key : path + "." + key;
            target.TryGetPropertyValue(key, out var existing);
            switch (value)
            {
                case null:
                    target.Remove(key);
                    break;
                case JsonObject po when existing is JsonObject eo:
                    if (MergeObject(eo, po, childPath, kind) is null)
                    {
                        target.Remove(key);
                    }

                    break;
                case JsonObject po:
                    if (Directive(po) == "delete")
                    {
                        target.Remove(key);
                    }
                    else
                    {
                        target[key] = Strip(po);
                    }

                    break;
                case JsonArray pa when existing is JsonArray ea && PatchMergeKeys.KeyFor(kind, childPath) is { } mergeKey:
                    MergeList(ea, pa, mergeKey, childPath, kind);
                    break;
                case JsonArray pa when existing is JsonArray ea && PatchMergeKeys.IsMergedScalarList(childPath):
                    foreach (var item in pa)
                    {
                        if (!ea.Any(e => JsonNode.DeepEquals(e, item)))
                        {
                            ea.Add(item?.DeepClone());
                        }
                    }

                    break;
                case JsonArray pa:
                    target[key] = new JsonArray([.. pa.Where(e => !(e is JsonObject o && o.Count == 1 && Directive(o) is not null)).Select(Strip)]);
                    break;
                default:
                    target[key] = value.DeepClone();
                    break;
            }
        }

        if (patch["$retainKeys"] is JsonArray retain)
        {
            var keep = retain.Select(r => r?.ToString()).ToHashSet(StringComparer.Ordinal);
            foreach (var k in target.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList())
            {
                target.Remove(k);
            }
        }

        return target;
    }

    private static void MergeList(JsonArray target, JsonArray patch, string mergeKey, string path, string kind)
    {
        if (patch.Any(e => e is JsonObject o && Directive(o) == "replace" && o.Count == 1))
        {
            target.Clear();
            foreach (var e in patch.Where(e => !(e is JsonObject o && Directive(o) == "replace" && o.Count == 1)))
            {
                target.Add(Strip(e));
            }

            return;
        }

        foreach (var element in patch)
        {
            if (element is not JsonObject eo)
            {
                target.Add(element?.DeepClone());
                continue;
            }

            var keyValue = eo[mergeKey];
            var match = target.OfType<JsonObject>().FirstOrDefault(t => keyValue is not null && JsonNode.DeepEquals(t[mergeKey], keyValue));
            if (Directive(eo) == "delete")
            {
                if (match is not null)
                {
                    target.Remove(match);
                }

                continue;
            }

            if (match is null)
            {
                target.Add(Strip(eo));
            }
            else
            {
                MergeObject(match, eo, path, kind);
            }
        }
    }

    private static string? Directive(JsonObject o) => o.TryGetPropertyValue("$patch", out var d) ? d?.ToString() : null;

    /// <summary>A deep copy without patch directives.</summary>
    private static JsonNode? Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                var copy = new JsonObject();
                foreach (var (k, v) in o)
                {
                    if (!k.StartsWith('$'))
                    {
                        copy[k] = Strip(v);
                    }
                }

                return copy;
            case JsonArray a:
                return new JsonArray([.. a.Select(Strip)]);
            default:
                return node?.DeepClone();
        }
    }
}
