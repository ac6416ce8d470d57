using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Sandbox.Admission;

/// <summary>
/// A metav1.LabelSelector (matchLabels plus matchExpressions with In, NotIn, Exists, DoesNotExist), ANDed
/// together. A null or empty selector matches everything, as for webhook namespace/object selectors.
/// </summary>
internal sealed class LabelSelector
{
    private readonly IReadOnlyList<(string Key, string Operator, IReadOnlyList<string> Values)> requirements;

    private LabelSelector(IReadOnlyList<(string, string, IReadOnlyList<string>)> requirements) => this.requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public bool IsEverything => requirements.Count == 0;

    /// <summary>Reads a selector from its JSON form; throws <see cref="FormatException"/> for an unknown operator or malformed shape.</summary>
    public static LabelSelector Parse(JsonNode? node)
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

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        foreach (var (key, op, values) in requirements)
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
}
