using System.Text.Json.Nodes;

namespace Platform.Testing.FakeApi;

/// <summary>RFC 6902 JSON patch: add, remove, replace and test (what the runtime sends).</summary>
public static class JsonPatchDocument
{
    /// <summary>Applies the operations to a copy of <paramref name="target"/>; throws <see cref="InvalidOperationException"/> when one fails.</summary>
    public static JsonNode Apply(JsonNode target, JsonArray operations)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(operations);
        var document = target.DeepClone();
        foreach (var node in operations)
        {
            var op = node?["op"]?.GetValue<string>() ?? throw new InvalidOperationException("operation without op");
            var path = node["path"]?.GetValue<string>() ?? throw new InvalidOperationException("operation without path");
            var value = node["value"];
            var (parent, token) = Resolve(document, path);
            switch (op)
            {
                case "test":
                    var current = Get(parent, token);
                    if (!JsonNode.DeepEquals(current, value))
                    {
                        throw new InvalidOperationException($"test failed at {path}");
                    }

                    break;
                case "remove":
                    _ = Get(parent, token) ?? throw new InvalidOperationException($"nothing to remove at {path}");
                    Remove(parent, token);
                    break;
                case "replace":
                    _ = Get(parent, token) ?? throw new InvalidOperationException($"nothing to replace at {path}");
                    Remove(parent, token);
                    Add(parent, token, value?.DeepClone());
                    break;
                case "add":
                    Add(parent, token, value?.DeepClone());
                    break;
                default:
                    throw new InvalidOperationException($"unsupported op {op}");
            }
        }

        return document;
    }

    private static (JsonNode Parent, string Token) Resolve(JsonNode document, string path)
    {
        if (!path.StartsWith('/'))
        {
            throw new InvalidOperationException($"bad path {path}");
        }

        var tokens = path[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
        var node = document;
        foreach (var token in tokens[..^1])
        {
            node = Get(node, token) ?? throw new InvalidOperationException($"path {path} does not exist");
        }

        return (node, tokens[^1]);
    }

    private static JsonNode? Get(JsonNode parent, string token) => parent switch
    {
        JsonObject o => o[token],
        JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
        _ => null,
    };

    private static void Remove(JsonNode parent, string token)
    {
        switch (parent)
        {
            case JsonObject o:
                o.Remove(token);
                break;
            case JsonArray a:
                a.RemoveAt(int.Parse(token, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }

    private static void Add(JsonNode parent, string token, JsonNode? value)
    {
        switch (parent)
        {
            case JsonObject o:
                o[token] = value;
                break;
            case JsonArray a when token == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(token, out var i) && i >= 0 && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw new InvalidOperationException($"cannot add at {token}");
        }
    }
}
