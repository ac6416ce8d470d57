using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Sandbox.Schema;

/// <summary>
/// Prints values the way apimachinery's field errors print a bad value (Go's <c>%q</c> for strings, <c>%v</c>
/// for numbers and booleans, <c>%#v</c> for maps and slices decoded from JSON), so messages read as upstream's.
/// </summary>
internal static class GoValueFormatter
{
    public static string Format(object? value) => value switch
    {
        null => "\"null\"",
        string s => Quote(s),
        bool b => b ? "true" : "false",
        long or int or ulong => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        double d => FormatDouble(d),
        JsonNode node => FormatNode(node),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }

        return sb.Append('"').ToString();
    }

    public static string FormatDouble(double d)
    {
        if (d == Math.Floor(d) && Math.Abs(d) < 1e21)
        {
            return d.ToString("0", CultureInfo.InvariantCulture);
        }

        var r = d.ToString("R", CultureInfo.InvariantCulture);
        return r.Replace("E+", "e+", StringComparison.Ordinal).Replace("E-", "e-", StringComparison.Ordinal);
    }

    private static string FormatNode(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                {
                    var entries = obj.OrderBy(p => p.Key, StringComparer.Ordinal)
                        .Select(p => Quote(p.Key) + ":" + (p.Value is null ? "interface {}(nil)" : FormatNode(p.Value)));
                    return "map[string]interface {}{" + string.Join(", ", entries) + "}";
                }

            case JsonArray arr:
                return "[]interface {}{" + string.Join(", ", arr.Select(i => i is null ? "interface {}(nil)" : FormatNode(i))) + "}";
            case JsonValue v:
                return v.GetValueKind() switch
                {
                    JsonValueKind.String => Quote(v.GetValue<string>()),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.Number => FormatNumberText(v.ToJsonString()),
                    _ => "\"null\"",
                };
            default:
                return "";
        }
    }

    private static string FormatNumberText(string text)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return l.ToString(CultureInfo.InvariantCulture);
        }

        return FormatDouble(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
    }
}
