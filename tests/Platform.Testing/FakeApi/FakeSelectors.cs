using System.Text.Json.Nodes;

namespace Platform.Testing.FakeApi;

/// <summary>Equality-based label selectors (a=b, a!=b, a, !a) and metadata.name/metadata.namespace field selectors.</summary>
internal static class FakeSelectors
{
    public static bool MatchesLabels(JsonObject node, string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            return true;
        }

        var labels = node["metadata"]?["labels"] as JsonObject;
        foreach (var term in selector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string? Label(string key) => labels?[key]?.GetValue<string>();
            var matched = term switch
            {
                _ when term.Contains("!=", StringComparison.Ordinal) => Label(term.Split("!=")[0]) != term.Split("!=")[1],
                _ when term.Contains('=', StringComparison.Ordinal) => Label(term.Split('=', 2)[0].TrimEnd('=')) == term.Split('=', 2)[1].TrimStart('='),
                _ when term.StartsWith('!') => Label(term[1..]) is null,
                _ => Label(term) is not null,
            };
            if (!matched)
            {
                return false;
            }
        }

        return true;
    }

    public static bool MatchesFields(JsonObject node, string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            return true;
        }

        foreach (var term in selector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = term.Split('=', 2);
            var value = parts[0] switch
            {
                "metadata.name" => node["metadata"]?["name"]?.GetValue<string>(),
                "metadata.namespace" => node["metadata"]?["namespace"]?.GetValue<string>(),
                _ => null,
            };
            if (value != parts[1].TrimStart('='))
            {
                return false;
            }
        }

        return true;
    }
}
