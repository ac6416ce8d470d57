using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Crds.Tests.Support;

/// <summary>Compares a manifest with what came back from a round trip, as JSON trees.</summary>
internal static class JsonTreeComparison
{
    /// <summary>Fields of <paramref name="original"/> that are missing or different in <paramref name="roundTripped"/>.</summary>
    public static IReadOnlyList<string> Lost(JsonNode? original, JsonNode? roundTripped)
    {
        var problems = new List<string>();
        Compare(original, roundTripped, "", problems);
        return problems;
    }

    /// <summary>Fields present in <paramref name="roundTripped"/> but not in <paramref name="original"/>, with their JSON values.</summary>
    public static IReadOnlyList<(string Path, JsonNode? Value)> Added(JsonNode? original, JsonNode? roundTripped)
    {
        var added = new List<(string, JsonNode?)>();
        CollectAdded(original, roundTripped, "", added);
        return added;
    }

    /// <summary>True for null, {} and [] (including objects holding only such values).</summary>
    public static bool IsEmpty(JsonNode? node) => node switch
    {
        null => true,
        JsonObject o => o.All(p => IsEmpty(p.Value)),
        JsonArray a => a.Count == 0,
        _ => false,
    };

    private static void Compare(JsonNode? expected, JsonNode? actual, string path, List<string> problems)
    {
        switch (expected)
        {
            case null:
                if (actual is not null && !IsEmpty(actual))
                {
                    problems.Add($"{Display(path)}: was null, came back as {actual.ToJsonString()}");
                }

                return;
            case JsonObject expectedObject when actual is JsonObject actualObject:
                foreach (var (name, value) in expectedObject)
                {
                    var childPath = $"{path}.{name}";
                    if (!actualObject.TryGetPropertyValue(name, out var actualValue))
                    {
                        if (value is not null)
                        {
                            problems.Add($"{childPath}: lost (was {value.ToJsonString()})");
                        }

                        continue;
                    }

                    Compare(value, actualValue, childPath, problems);
                }

                return;
            case JsonArray expectedArray when actual is JsonArray actualArray:
                if (expectedArray.Count != actualArray.Count)
                {
                    problems.Add($"{Display(path)}: had {expectedArray.Count} items, came back with {actualArray.Count}");
                    return;
                }

                for (var i = 0; i < expectedArray.Count; i++)
                {
                    Compare(expectedArray[i], actualArray[i], $"{path}[{i}]", problems);
                }

                return;
            case JsonValue expectedValue when actual is JsonValue actualValue && ScalarEquals(expectedValue, actualValue):
                return;
            default:
                problems.Add($"{Display(path)}: was {expected.ToJsonString()}, came back as {actual?.ToJsonString() ?? "nothing"}");
                return;
        }
    }

    private static void CollectAdded(JsonNode? original, JsonNode? roundTripped, string path, List<(string, JsonNode?)> added)
    {
        if (roundTripped is JsonObject after)
        {
            var before = original as JsonObject;
            foreach (var (name, value) in after)
            {
                var childPath = $"{path}.{name}";
                if (before is null || !before.TryGetPropertyValue(name, out var previous))
                {
                    added.Add((childPath, value));
                    continue;
                }

                CollectAdded(previous, value, childPath, added);
            }
        }
        else if (roundTripped is JsonArray afterArray && original is JsonArray beforeArray && afterArray.Count == beforeArray.Count)
        {
            for (var i = 0; i < afterArray.Count; i++)
            {
                CollectAdded(beforeArray[i], afterArray[i], $"{path}[*]", added);
            }
        }
    }

    private static bool ScalarEquals(JsonValue expected, JsonValue actual)
    {
        var a = expected.GetValueKind();
        var b = actual.GetValueKind();
        if (a == JsonValueKind.Number && b == JsonValueKind.Number)
        {
            return double.Parse(expected.ToJsonString(), CultureInfo.InvariantCulture).Equals(double.Parse(actual.ToJsonString(), CultureInfo.InvariantCulture));
        }

        return JsonNode.DeepEquals(expected, actual);
    }

    private static string Display(string path) => path.Length == 0 ? "(root)" : path;
}
