using System.Text.Json.Nodes;
using Platform.Sandbox.Errors;

namespace Platform.Sandbox.Semantics;

/// <summary>RFC 6902 JSON patch (add, remove, replace, move, copy, test) with RFC 6901 pointers.</summary>
internal static class JsonPatch
{
    public static JsonNode Apply(JsonNode document, JsonNode patch)
    {
        if (patch is not JsonArray operations)
        {
            throw ApiErrors.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        }

        var root = new JsonObject { ["doc"] = document };
        foreach (var raw in operations)
        {
            if (raw is not JsonObject op || op["op"]?.GetValue<string>() is not { } kind || op["path"]?.GetValue<string>() is not { } path)
            {
                throw ApiErrors.BadRequest("invalid JSON patch operation: 'op' and 'path' are required");
            }

            switch (kind)
            {
                case "add":
                    Add(root, path, Required(op, "value")?.DeepClone());
                    break;
                case "remove":
                    Remove(root, path);
                    break;
                case "replace":
                    Remove(root, path);
                    Add(root, path, Required(op, "value")?.DeepClone());
                    break;
                case "move":
                    {
                        var from = op["from"]?.GetValue<string>() ?? throw Failed("missing 'from'");
                        var value = Remove(root, from);
                        Add(root, path, value);
                        break;
                    }

                case "copy":
                    {
                        var from = op["from"]?.GetValue<string>() ?? throw Failed("missing 'from'");
                        Add(root, path, Resolve(root, from)?.DeepClone());
                        break;
                    }

                case "test":
                    if (!JsonNode.DeepEquals(Resolve(root, path), Required(op, "value")))
                    {
                        throw Failed($"testing value {path} failed: test failed");
                    }

                    break;
                default:
                    throw ApiErrors.BadRequest($"Unexpected kind: {kind}");
            }
        }

        var result = root["doc"] ?? throw Failed("patch removed the whole document");
        root.Remove("doc");
        return result;
    }

    private static JsonNode? Required(JsonObject op, string name) =>
        op.TryGetPropertyValue(name, out var v) ? v : throw Failed($"missing '{name}'");

    private static ApiException Failed(string detail) => new(422, "Invalid", $"the server rejected our request due to an error in our request: {detail}");

    private static List<string> Tokens(string pointer)
    {
        if (pointer.Length > 0 && pointer[0] != '/')
        {
            throw Failed($"invalid JSON pointer \"{pointer}\"");
        }

        var tokens = new List<string> { "doc" };
        if (pointer.Length > 0)
        {
            tokens.AddRange(pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)));
        }

        return tokens;
    }

    private static (JsonNode Parent, string Last) Parent(JsonObject root, string pointer)
    {
        var tokens = Tokens(pointer);
        JsonNode node = root;
        for (var i = 0; i < tokens.Count - 1; i++)
        {
            node = Child(node, tokens[i]) ?? throw Failed($"doc is missing path: \"{pointer}\"");
        }

        return (node, tokens[^1]);
    }

    private static JsonNode? Resolve(JsonObject root, string pointer)
    {
        JsonNode? node = root;
        foreach (var t in Tokens(pointer))
        {
            node = node is null ? null : Child(node, t);
            if (node is null)
            {
                throw Failed($"doc is missing path: \"{pointer}\"");
            }
        }

        return node;
    }

    private static JsonNode? Child(JsonNode node, string token) => node switch
    {
        JsonObject o => o.TryGetPropertyValue(token, out var v) ? v : null,
        JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
        _ => null,
    };

    private static void Add(JsonObject root, string pointer, JsonNode? value)
    {
        var (parent, last) = Parent(root, pointer);
        switch (parent)
        {
            case JsonObject o:
                o.Remove(last);
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw Failed($"unable to add at \"{pointer}\"");
        }
    }

    private static JsonNode? Remove(JsonObject root, string pointer)
    {
        var (parent, last) = Parent(root, pointer);
        switch (parent)
        {
            case JsonObject o when o.TryGetPropertyValue(last, out var v):
                o.Remove(last);
                return v;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i < a.Count:
                var item = a[i];
                a.RemoveAt(i);
                return item;
            default:
                throw Failed($"unable to remove nonexistent key: {last}: missing value");
        }
    }
}
