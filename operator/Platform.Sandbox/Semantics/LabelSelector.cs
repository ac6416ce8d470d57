using System.Text.Json.Nodes;
using Platform.Sandbox.Errors;

namespace Platform.Sandbox.Semantics;

/// <summary>
/// A parsed label selector (<c>a=b</c>, <c>a==b</c>, <c>a!=b</c>, <c>a in (x,y)</c>, <c>a notin (x)</c>,
/// <c>a</c>, <c>!a</c>, comma-separated and ANDed).
/// </summary>
internal sealed class LabelSelector
{
    private readonly List<Func<JsonObject?, bool>> _requirements = [];

    public static LabelSelector Everything { get; } = new();

    public bool IsEmpty => _requirements.Count == 0;

    public static LabelSelector Parse(string? text)
    {
        var selector = new LabelSelector();
        if (string.IsNullOrWhiteSpace(text))
        {
            return selector;
        }

        foreach (var raw in SplitTopLevel(text))
        {
            var term = raw.Trim();
            if (term.Length == 0)
            {
                continue;
            }

            selector._requirements.Add(ParseTerm(term));
        }

        return selector;
    }

    public bool Matches(JsonObject obj)
    {
        if (_requirements.Count == 0)
        {
            return true;
        }

        var labels = obj["metadata"]?["labels"] as JsonObject;
        foreach (var r in _requirements)
        {
            if (!r(labels))
            {
                return false;
            }
        }

        return true;
    }

    private static Func<JsonObject?, bool> ParseTerm(string term)
    {
        static string? Value(JsonObject? labels, string key) =>
            labels is not null && labels.TryGetPropertyValue(key, out var v) ? v?.ToString() : null;

        if (term.StartsWith('!'))
        {
            var key = CheckKey(term[1..].Trim());
            return l => Value(l, key) is null;
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

            var values = set[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            return negate
                ? l => Value(l, key) is not { } v || !values.Contains(v)
                : l => Value(l, key) is { } v && values.Contains(v);
        }

        foreach (var op in new[] { "!=", "==", "=" })
        {
            var i = term.IndexOf(op, StringComparison.Ordinal);
            if (i > 0)
            {
                var key = CheckKey(term[..i].Trim());
                var value = term[(i + op.Length)..].Trim();
                return op == "!=" ? l => Value(l, key) != value : l => Value(l, key) == value;
            }
        }

        var exists = CheckKey(term);
        return l => Value(l, exists) is not null;
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
