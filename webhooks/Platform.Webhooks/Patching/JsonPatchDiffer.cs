using System.Text.Json.Nodes;

namespace Platform.Webhooks.Patching;

/// <summary>
/// Computes an RFC 6902 JSON Patch that turns one JSON document into another. Objects are compared key by key,
/// arrays element by element after trimming the common head and tail, so a patch touches only what changed
/// (and leaves fields the webhook did not model alone).
/// </summary>
internal static class JsonPatchDiffer
{
    /// <summary>The operations turning <paramref name="original"/> into <paramref name="modified"/>.</summary>
    public static JsonArray Diff(JsonNode? original, JsonNode? modified)
    {
        var operations = new JsonArray();
        Diff(original, modified, "", operations);
        return operations;
    }

    private static void Diff(JsonNode? original, JsonNode? modified, string path, JsonArray operations)
    {
        if (JsonNode.DeepEquals(original, modified))
        {
            return;
        }

        switch (original, modified)
        {
            case (JsonObject a, JsonObject b):
                DiffObjects(a, b, path, operations);
                break;
            case (JsonArray a, JsonArray b):
                DiffArrays(a, b, path, operations);
                break;
            default:
                operations.Add(Operation("replace", path, modified));
                break;
        }
    }

    private static void DiffObjects(JsonObject original, JsonObject modified, string path, JsonArray operations)
    {
        foreach (var (key, _) in original)
        {
            if (!modified.ContainsKey(key))
            {
                operations.Add(Operation("remove", JsonPointer.Append(path, key)));
            }
        }

        foreach (var (key, value) in modified)
        {
            // A present key with a JSON null differs from an absent key, so presence is checked, not the value.
            if (original.TryGetPropertyValue(key, out var before))
            {
                Diff(before, value, JsonPointer.Append(path, key), operations);
            }
            else
            {
                operations.Add(Operation("add", JsonPointer.Append(path, key), value));
            }
        }
    }

    private static void DiffArrays(JsonArray original, JsonArray modified, string path, JsonArray operations)
    {
        var head = 0;
        while (head < original.Count && head < modified.Count && JsonNode.DeepEquals(original[head], modified[head]))
        {
            head++;
        }

        var tail = 0;
        while (tail < original.Count - head && tail < modified.Count - head &&
               JsonNode.DeepEquals(original[original.Count - 1 - tail], modified[modified.Count - 1 - tail]))
        {
            tail++;
        }

        var originalMiddle = original.Count - head - tail;
        var modifiedMiddle = modified.Count - head - tail;
        var common = Math.Min(originalMiddle, modifiedMiddle);
        for (var i = 0; i < common; i++)
        {
            Diff(original[head + i], modified[head + i], JsonPointer.Append(path, head + i), operations);
        }

        // Removing at the same index repeatedly shifts the following elements down; the tail stays intact.
        for (var i = common; i < originalMiddle; i++)
        {
            operations.Add(Operation("remove", JsonPointer.Append(path, head + common)));
        }

        for (var i = common; i < modifiedMiddle; i++)
        {
            operations.Add(Operation("add", JsonPointer.Append(path, head + i), modified[head + i]));
        }
    }

    private static JsonObject Operation(string op, string path) => new() { ["op"] = op, ["path"] = path };

    private static JsonObject Operation(string op, string path, JsonNode? value) =>
        new() { ["op"] = op, ["path"] = path, ["value"] = value?.DeepClone() };
}
