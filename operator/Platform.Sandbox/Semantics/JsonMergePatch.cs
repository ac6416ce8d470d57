using System.Text.Json.Nodes;

namespace Platform.Sandbox.Semantics;

/// <summary>RFC 7386 JSON merge patch: objects merge recursively, null deletes, everything else replaces.</summary>
internal static class JsonMergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target as JsonObject ?? [];
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
                continue;
            }

            result.TryGetPropertyValue(key, out var existing);
            var merged = Apply(existing is JsonObject ? existing : null, value);
            if (existing is not null && ReferenceEquals(existing, merged))
            {
                continue;
            }

            result.Remove(key);
            result[key] = merged;
        }

        return result;
    }
}
