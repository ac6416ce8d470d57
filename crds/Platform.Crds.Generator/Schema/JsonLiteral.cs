using System.Text.Json;

namespace Platform.Crds.Generator.Schema;

/// <summary>Turns a JSON literal from an attribute into plain values the YAML writer renders naturally.</summary>
internal static class JsonLiteral
{
    /// <summary>Parses <paramref name="json"/>; throws <see cref="CrdGenerationException"/> naming <paramref name="where"/> when it is not JSON.</summary>
    public static object? Parse(string json, string where)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return ToPlain(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new CrdGenerationException($"{where}: '{json}' is not valid JSON ({e.Message}). Strings need quotes, e.g. \"\\\"Cluster\\\"\".", e);
        }
    }

    private static object? ToPlain(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        JsonValueKind.Number when element.TryGetInt64(out var integer) => integer,
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.Array => element.EnumerateArray().Select(ToPlain).ToList(),
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => ToPlain(p.Value), StringComparer.Ordinal),
        _ => throw new JsonException($"unsupported JSON value kind {element.ValueKind}"),
    };
}
