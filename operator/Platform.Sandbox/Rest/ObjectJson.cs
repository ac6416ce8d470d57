using System.Globalization;
using System.Text.Json.Nodes;

namespace Platform.Sandbox.Rest;

/// <summary>Small accessors for object metadata in JSON form.</summary>
internal static class ObjectJson
{
    public static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject m)
        {
            return m;
        }

        var created = new JsonObject();
        obj["metadata"] = created;
        return created;
    }

    public static string Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    /// <summary>An integer field whatever numeric representation it was created with; null when absent or not a number.</summary>
    public static long? Long(JsonNode? node)
    {
        if (node is not JsonValue v)
        {
            return null;
        }

        if (v.TryGetValue<long>(out var l))
        {
            return l;
        }

        if (v.TryGetValue<int>(out var i))
        {
            return i;
        }

        if (v.TryGetValue<double>(out var d) && d == Math.Floor(d))
        {
            return (long)d;
        }

        return null;
    }

    public static long ResourceVersionOf(JsonObject obj) =>
        long.TryParse(Str(obj["metadata"]?["resourceVersion"]), NumberStyles.None, CultureInfo.InvariantCulture, out var rv) ? rv : 0;

    public static List<string> Finalizers(JsonObject obj) =>
        (obj["metadata"]?["finalizers"] as JsonArray)?.Select(f => Str(f)).Where(f => f.Length > 0).ToList() ?? [];

    public static void SetFinalizers(JsonObject obj, IEnumerable<string> finalizers)
    {
        var list = finalizers.ToList();
        if (list.Count == 0)
        {
            Metadata(obj).Remove("finalizers");
        }
        else
        {
            Metadata(obj)["finalizers"] = new JsonArray([.. list.Select(f => (JsonNode?)JsonValue.Create(f))]);
        }
    }

    public static bool IsDeleting(JsonObject obj) => obj["metadata"]?["deletionTimestamp"] is not null;

    public static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>True when anything outside metadata and status differs (the generation rule).</summary>
    public static bool SpecChanged(JsonObject a, JsonObject b)
    {
        foreach (var (k, v) in a)
        {
            if (k is "metadata" or "status" or "apiVersion" or "kind")
            {
                continue;
            }

            if (!b.TryGetPropertyValue(k, out var other) || !JsonNode.DeepEquals(v, other))
            {
                return true;
            }
        }

        return b.Any(p => p.Key is not ("metadata" or "status" or "apiVersion" or "kind") && !a.ContainsKey(p.Key));
    }
}
