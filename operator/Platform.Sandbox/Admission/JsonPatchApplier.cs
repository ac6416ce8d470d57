using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Sandbox.Admission;

/// <summary>
/// Applies an RFC 6902 JSON Patch (add, remove, replace, move, copy, test; RFC 6901 pointers with ~0/~1 and
/// "-" for the end of an array). Operations apply to a copy, so a failing patch leaves the input untouched.
/// </summary>
internal static class JsonPatchApplier
{
    public static JsonNode? Apply(JsonNode? document, JsonArray patch)
    {
        var root = document?.DeepClone();
        var index = 0;
        foreach (var entry in patch)
        {
            if (entry is not JsonObject op)
            {
                throw new JsonPatchException($"patch operation {index} is not an object");
            }

            root = ApplyOne(root, op, index);
            index++;
        }

        return root;
    }

    public static JsonNode? Apply(JsonNode? document, string patchJson)
    {
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(patchJson);
        }
        catch (JsonException ex)
        {
            throw new JsonPatchException("patch is not valid JSON: " + ex.Message, ex);
        }

        return parsed is JsonArray ops ? Apply(document, ops) : throw new JsonPatchException("a JSON patch must be an array of operations");
    }

    private static JsonNode? ApplyOne(JsonNode? root, JsonObject op, int index)
    {
        var name = Str(op, "op", index);
        var path = Str(op, "path", index);
        switch (name)
        {
            case "add":
                return Add(root, path, Value(op, index));
            case "remove":
                return Remove(root, path, out _);
            case "replace":
                root = Remove(root, path, out _);
                return Add(root, path, Value(op, index));
            case "move":
                {
                    var from = Str(op, "from", index);
                    if (path.StartsWith(from + "/", StringComparison.Ordinal))
                    {
                        throw new JsonPatchException($"cannot move {from} into its own child {path}");
                    }

                    root = Remove(root, from, out var moved);
                    return Add(root, path, moved);
                }

            case "copy":
                return Add(root, path, Get(root, Str(op, "from", index))?.DeepClone());
            case "test":
                if (!JsonNode.DeepEquals(Get(root, path), Value(op, index)))
                {
                    throw new JsonPatchException($"test operation at {path} failed");
                }

                return root;
            default:
                throw new JsonPatchException($"unknown patch operation \"{name}\"");
        }
    }

    private static string Str(JsonObject op, string name, int index) =>
        op[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : throw new JsonPatchException($"patch operation {index} is missing \"{name}\"");

    private static JsonNode? Value(JsonObject op, int index) =>
        op.TryGetPropertyValue("value", out var value) ? value?.DeepClone() : throw new JsonPatchException($"patch operation {index} is missing \"value\"");

    private static List<string> Tokens(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }

        if (pointer[0] != '/')
        {
            throw new JsonPatchException($"invalid JSON pointer \"{pointer}\"");
        }

        return pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
    }

    private static JsonNode? Get(JsonNode? root, string pointer)
    {
        var node = root;
        foreach (var token in Tokens(pointer))
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(token, out var child) => child,
                JsonArray a when ArrayIndex(token, a.Count, allowEnd: false) is var i => a[i],
                _ => throw new JsonPatchException($"path {pointer} does not exist"),
            };
        }

        return node;
    }

    private static (JsonNode Parent, string Last) Parent(JsonNode? root, string pointer)
    {
        var tokens = Tokens(pointer);
        var parentPointer = pointer[..pointer.LastIndexOf('/')];
        var parent = Get(root, parentPointer) ?? throw new JsonPatchException($"parent of {pointer} is null");
        return (parent, tokens[^1]);
    }

    private static JsonNode? Add(JsonNode? root, string pointer, JsonNode? value)
    {
        if (pointer.Length == 0)
        {
            return value;
        }

        var (parent, last) = Parent(root, pointer);
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a:
                var i = ArrayIndex(last, a.Count, allowEnd: true);
                a.Insert(i, value);
                break;
            default:
                throw new JsonPatchException($"cannot add {pointer}: parent is not a container");
        }

        return root;
    }

    private static JsonNode? Remove(JsonNode? root, string pointer, out JsonNode? removed)
    {
        if (pointer.Length == 0)
        {
            removed = root;
            return null;
        }

        var (parent, last) = Parent(root, pointer);
        switch (parent)
        {
            case JsonObject o:
                if (!o.TryGetPropertyValue(last, out removed))
                {
                    throw new JsonPatchException($"path {pointer} does not exist");
                }

                o.Remove(last);
                break;
            case JsonArray a:
                var i = ArrayIndex(last, a.Count, allowEnd: false);
                removed = a[i];
                a.RemoveAt(i);
                break;
            default:
                throw new JsonPatchException($"path {pointer} does not exist");
        }

        return root;
    }

    private static int ArrayIndex(string token, int count, bool allowEnd)
    {
        if (token == "-" && allowEnd)
        {
            return count;
        }

        if (token.Length == 0 || (token.Length > 1 && token[0] == '0') || !token.All(char.IsAsciiDigit)
            || !int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) || i > count || (!allowEnd && i == count))
        {
            throw new JsonPatchException($"array index \"{token}\" is out of range");
        }

        return i;
    }
}
