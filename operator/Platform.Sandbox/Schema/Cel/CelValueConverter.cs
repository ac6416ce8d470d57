using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Sandbox.Schema.Cel;

/// <summary>
/// Converts JSON nodes into the values the Cel package evaluates: maps as <c>Dictionary&lt;string, object?&gt;</c>,
/// lists as <c>List&lt;object?&gt;</c>, integers as <c>long</c> (per the schema's type), numbers as <c>double</c>.
/// </summary>
internal static class CelValueConverter
{
    public static object? ToCel(JsonNode? node, StructuralSchema? schema)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
                {
                    var map = new Dictionary<string, object?>(obj.Count, StringComparer.Ordinal);
                    foreach (var (key, value) in obj)
                    {
                        var child = schema?.Properties is { } props && props.TryGetValue(key, out var p) ? p : schema?.AdditionalProperties;
                        map[key] = ToCel(value, child);
                    }

                    return map;
                }

            case JsonArray arr:
                {
                    var list = new List<object?>(arr.Count);
                    foreach (var item in arr)
                    {
                        list.Add(ToCel(item, schema?.Items));
                    }

                    return list;
                }

            case JsonValue value:
                return value.GetValueKind() switch
                {
                    JsonValueKind.String => value.GetValue<string>(),
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.Number => Number(value, schema),
                    _ => null,
                };
            default:
                return null;
        }
    }

    private static object Number(JsonValue value, StructuralSchema? schema)
    {
        var text = value.ToJsonString();
        if (schema?.Type != "number" && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return l;
        }

        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
