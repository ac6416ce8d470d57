using System.Globalization;
using System.Text.Json.Nodes;

namespace Platform.Webhooks.Patching;

/// <summary>Applies an RFC 6902 JSON Patch (add, remove, replace, move, copy, test) to a copy of a document.</summary>
internal static class JsonPatchApplier
{
    /// <summary>The patched document; <paramref name="document"/> is left untouched.</summary>
    /// <exception cref="JsonPatchException">An operation is malformed or does not apply.</exception>
    public static JsonNode? Apply(JsonNode? document, JsonArray patch)
    {
        var root = document?.DeepClone();
        foreach (var entry in patch)
        {
            if (entry is not JsonObject operation)
            {
                throw new JsonPatchException("a JSON Patch operation must be an object");
            }

            var op = RequiredString(operation, "op");
            var path = RequiredString(operation, "path");
            switch (op)
            {
                case "add":
                    root = Add(root, path, Value(operation));
                    break;
                case "remove":
                    root = Remove(root, path, out _);
                    break;
                case "replace":
                    root = Remove(root, path, out _);
                    root = Add(root, path, Value(operation));
                    break;
                case "move":
                    {
                        var from = RequiredString(operation, "from");
                        if (path.StartsWith(from + "/", StringComparison.Ordinal))
                        {
                            throw new JsonPatchException($"cannot move \"{from}\" into its own child \"{path}\"");
                        }

                        root = Remove(root, from, out var moved);
                        root = Add(root, path, moved);
                        break;
                    }

                case "copy":
                    root = Add(root, path, Get(root, RequiredString(operation, "from"))?.DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(root, path), Value(operation)))
                    {
                        throw new JsonPatchException($"test failed at \"{path}\"");
                    }

                    break;
                default:
                    throw new JsonPatchException($"unknown JSON Patch operation \"{op}\"");
            }
        }

        return root;
    }

    private static string RequiredString(JsonObject operation, string name) =>
        operation.TryGetPropertyValue(name, out var node) && node is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw new JsonPatchException($"JSON Patch operation lacks a string \"{name}\"");

    private static JsonNode? Value(JsonObject operation) =>
        operation.TryGetPropertyValue("value", out var value)
            ? value?.DeepClone()
            : throw new JsonPatchException("JSON Patch operation lacks \"value\"");

    private static JsonNode? Get(JsonNode? root, string path)
    {
        var node = root;
        foreach (var token in JsonPointer.Parse(path))
        {
            node = node switch
            {
                JsonObject obj when obj.TryGetPropertyValue(token, out var child) => child,
                JsonArray array => array[ExistingIndex(array, token, path)],
                _ => throw new JsonPatchException($"path \"{path}\" does not exist"),
            };
        }

        return node;
    }

    private static JsonNode? Add(JsonNode? root, string path, JsonNode? value)
    {
        var tokens = JsonPointer.Parse(path);
        if (tokens.Length == 0)
        {
            return value;
        }

        switch (Parent(root, tokens, path))
        {
            case JsonObject obj:
                obj[tokens[^1]] = value;
                break;
            case JsonArray array:
                var token = tokens[^1];
                if (token == "-")
                {
                    array.Add(value);
                }
                else
                {
                    var index = Index(token, path);
                    if (index > array.Count)
                    {
                        throw new JsonPatchException($"index {index} is out of range at \"{path}\"");
                    }

                    array.Insert(index, value);
                }

                break;
            default:
                throw new JsonPatchException($"parent of \"{path}\" is not a container");
        }

        return root;
    }

    private static JsonNode? Remove(JsonNode? root, string path, out JsonNode? removed)
    {
        var tokens = JsonPointer.Parse(path);
        if (tokens.Length == 0)
        {
            removed = root;
            return null;
        }

        switch (Parent(root, tokens, path))
        {
            case JsonObject obj:
                if (!obj.TryGetPropertyValue(tokens[^1], out removed))
                {
                    throw new JsonPatchException($"path \"{path}\" does not exist");
                }

                obj.Remove(tokens[^1]);
                break;
            case JsonArray array:
                var index = ExistingIndex(array, tokens[^1], path);
                removed = array[index];
                array.RemoveAt(index);
                break;
            default:
                throw new JsonPatchException($"parent of \"{path}\" is not a container");
        }

        return root;
    }

    private static JsonNode? Parent(JsonNode? root, string[] tokens, string path)
    {
        var node = root;
        for (var i = 0; i < tokens.Length - 1; i++)
        {
            node = node switch
            {
                JsonObject obj when obj.TryGetPropertyValue(tokens[i], out var child) => child,
                JsonArray array => array[ExistingIndex(array, tokens[i], path)],
                _ => throw new JsonPatchException($"path \"{path}\" does not exist"),
            };
        }

        return node;
    }

    private static int ExistingIndex(JsonArray array, string token, string path)
    {
        var index = Index(token, path);
        return index < array.Count ? index : throw new JsonPatchException($"index {index} is out of range at \"{path}\"");
    }

    private static int Index(string token, string path)
    {
        // RFC 6901: decimal digits without leading zeros.
        if (token.Length == 0 || (token.Length > 1 && token[0] == '0') || !token.All(char.IsAsciiDigit) ||
            !int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            throw new JsonPatchException($"\"{token}\" is not an array index at \"{path}\"");
        }

        return index;
    }
}
