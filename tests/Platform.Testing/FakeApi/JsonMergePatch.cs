using System.Text.Json.Nodes;

namespace Platform.Testing.FakeApi;

/// <summary>RFC 7386 JSON merge patch.</summary>
public static class JsonMergePatch
{
    /// <summary>Returns <paramref name="target"/> with <paramref name="patch"/> merged in (inputs are not modified).</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : [];
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
                continue;
            }

            var existing = result[name]?.DeepClone();
            result.Remove(name);
            result[name] = Apply(existing, value);
        }

        return result;
    }
}
