using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Sandbox.Schema;

/// <summary>OpenAPI type names of JSON values, and the numeric reads the validators need.</summary>
internal static class JsonTypeName
{
    public static string Of(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => IsIntegral(v) ? "integer" : "number",
            _ => "null",
        },
        _ => "null",
    };

    /// <summary>Whether a value of actual type <paramref name="actual"/> satisfies schema type <paramref name="type"/>.</summary>
    public static bool Satisfies(string type, string actual) =>
        type == actual || (type == "number" && actual == "integer");

    public static bool IsIntegral(JsonValue v)
    {
        var text = v.ToJsonString();
        if (!text.Contains('.', StringComparison.Ordinal) && !text.Contains('e', StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // 1.0 and 1e3 decode to integral float64s, which the OpenAPI validator accepts as integers.
        var d = ToDouble(v);
        return d == Math.Floor(d) && !double.IsInfinity(d);
    }

    public static double ToDouble(JsonValue v) => double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    public static decimal? ToDecimal(JsonValue v) =>
        decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
}
