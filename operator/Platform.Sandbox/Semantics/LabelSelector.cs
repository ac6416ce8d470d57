using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Sandbox.Errors;

namespace Platform.Sandbox.Semantics;

/// <summary>
/// A label selector as a list of ANDed requirements (In, NotIn, Exists, DoesNotExist), read either from the
/// query-string syntax (<c>a=b</c>, <c>a==b</c>, <c>a!=b</c>, <c>a in (x,y)</c>, <c>a notin (x)</c>, <c>a</c>,
/// <c>!a</c>) or from a metav1.LabelSelector object (matchLabels plus matchExpressions). An empty selector
/// matches everything.
/// </summary>
internal sealed class LabelSelector
{
    private readonly IReadOnlyList<(string Key, string Operator, IReadOnlyList<string> Values)> _requirements;

    private LabelSelector(IReadOnlyList<(string, string, IReadOnlyList<string>)> requirements) => _requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public bool IsEverything => _requirements.Count == 0;

    /// <summary>Parses the <c>labelSelector</c> query syntax; a malformed term is a 400 BadRequest.</summary>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var list = new List<(string, string, IReadOnlyList<string>)>();
        foreach (var raw in SplitTopLevel(text))
        {
            var term = raw.Trim();
            if (term.Length > 0)
            {
                list.Add(ParseTerm(term));
            }
        }

        return new LabelSelector(list);
    }

    /// <summary>Reads a metav1.LabelSelector object; throws <see cref="FormatException"/> for an unknown operator or malformed shape.</summary>
    public static LabelSelector FromJson(JsonNode? node)
    {
        if (node is null)
        {
            return Everything;
        }

        if (node is not JsonObject obj)
        {
            throw new FormatException("label selector must be an object");
        }

        var list = new List<(string, string, IReadOnlyList<string>)>();
        if (obj["matchLabels"] is JsonObject labels)
        {
            foreach (var (key, value) in labels)
            {
                list.Add((key, "In", [value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value?.ToJsonString() ?? ""]));
            }
        }

        if (obj["matchExpressions"] is JsonArray expressions)
        {
            foreach (var e in expressions)
            {
                var key = e?["key"]?.GetValue<string>() ?? throw new FormatException("matchExpressions entry without key");
                var op = e["operator"]?.GetValue<string>() ?? throw new FormatException($"matchExpressions entry for {key} without operator");
                var values = (e["values"] as JsonArray)?.Select(x => x?.GetValue<string>() ?? "").ToList() ?? [];
                switch (op)
                {
                    case "In" or "NotIn" when values.Count == 0:
                        throw new FormatException($"{op} requires values for key {key}");
                    case "Exists" or "DoesNotExist" when values.Count > 0:
                        throw new FormatException($"{op} must have no values for key {key}");
                    case "In" or "NotIn" or "Exists" or "DoesNotExist":
                        list.Add((key, op, values));
                        break;
                    default:
                        throw new FormatException($"\"{op}\" is not a valid label selector operator");
                }
            }
        }

        return new LabelSelector(list);
    }

    /// <summary>Whether the object's <c>metadata.labels</c> satisfy every requirement.</summary>
    public bool Matches(JsonObject obj) => _requirements.Count == 0 || Matches(LabelsOf(obj));

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        foreach (var (key, op, values) in _requirements)
        {
            var present = labels.TryGetValue(key, out var value);
            var ok = op switch
            {
                "In" => present && values.Contains(value!, StringComparer.Ordinal),
                "NotIn" => !present || !values.Contains(value!, StringComparer.Ordinal),
                "Exists" => present,
                "DoesNotExist" => !present,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The <c>metadata.labels</c> of an object as a dictionary (empty when absent).</summary>
    public static IReadOnlyDictionary<string, string> LabelsOf(JsonObject? obj)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj?["metadata"]?["labels"] is JsonObject labels)
        {
            foreach (var (key, value) in labels)
            {
                if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                {
                    result[key] = v.GetValue<string>();
                }
            }
        }

        return result;
    }

    private static (string, string, IReadOnlyList<string>) ParseTerm(string term)
    {
        if (term.StartsWith('!'))
        {
            return (CheckKey(term[1..].Trim()), "DoesNotExist", []);
        }

        var words = term.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length >= 2 && (words[1] == "in" || words[1] == "notin" || words[1].StartsWith("in(", StringComparison.Ordinal) || words[1].StartsWith("notin(", StringComparison.Ordinal)))
        {
            var key = CheckKey(words[0]);
            var rest = term[words[0].Length..].Trim();
            var negate = rest.StartsWith("notin", StringComparison.Ordinal);
            var set = rest[(negate ? 5 : 2)..].Trim();
            if (!set.StartsWith('(') || !set.EndsWith(')'))
            {
                throw ApiErrors.BadRequest($"unable to parse requirement: found '{set}', expected: '('");
            }

            var values = set[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
            return (key, negate ? "NotIn" : "In", values);
        }

        foreach (var op in new[] { "!=", "==", "=" })
        {
            var i = term.IndexOf(op, StringComparison.Ordinal);
            if (i > 0)
            {
                var key = CheckKey(term[..i].Trim());
                var value = term[(i + op.Length)..].Trim();
                return (key, op == "!=" ? "NotIn" : "In", [value]);
            }
        }

        return (CheckKey(term), "Exists", []);
    }

    private static string CheckKey(string key)
    {
        if (key.Length == 0 || key.Any(c => char.IsWhiteSpace(c) || c is '(' or ')' or '=' or '!' or ','))
        {
            throw ApiErrors.BadRequest($"unable to parse requirement: invalid label key \"{key}\"");
        }

        return key;
    }

    internal static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(')
            {
                depth++;
            }
            else if (text[i] == ')')
            {
                depth--;
            }
            else if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }
}
