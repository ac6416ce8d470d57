using System.Text.Json.Nodes;
using Platform.Sandbox.Errors;

namespace Platform.Sandbox.Semantics;

/// <summary>
/// A parsed field selector (<c>f=v</c>, <c>f==v</c>, <c>f!=v</c>, comma-separated). Field paths are read
/// from the object (<c>metadata.name</c>, <c>spec.nodeName</c>, <c>status.phase</c>, <c>involvedObject.uid</c>...).
/// </summary>
internal sealed class FieldSelector
{
    private readonly List<(string[] Path, string Value, bool Negate)> _terms = [];

    public bool IsEmpty => _terms.Count == 0;

    public static FieldSelector Parse(string? text)
    {
        var selector = new FieldSelector();
        if (string.IsNullOrWhiteSpace(text))
        {
            return selector;
        }

        foreach (var raw in text.Split(','))
        {
            var term = raw.Trim();
            if (term.Length == 0)
            {
                continue;
            }

            var negate = false;
            int i;
            int opLength;
            if ((i = term.IndexOf("!=", StringComparison.Ordinal)) > 0)
            {
                negate = true;
                opLength = 2;
            }
            else if ((i = term.IndexOf("==", StringComparison.Ordinal)) > 0)
            {
                opLength = 2;
            }
            else if ((i = term.IndexOf('=', StringComparison.Ordinal)) > 0)
            {
                opLength = 1;
            }
            else
            {
                throw ApiErrors.BadRequest($"invalid field selector: '{term}': expected an operator");
            }

            var field = term[..i].Trim();
            if (field.Length == 0 || field.Split('.').Any(p => p.Length == 0))
            {
                throw ApiErrors.BadRequest($"field label not supported: {field}");
            }

            selector._terms.Add((field.Split('.'), term[(i + opLength)..].Trim(), negate));
        }

        return selector;
    }

    public bool Matches(JsonObject obj)
    {
        foreach (var (path, value, negate) in _terms)
        {
            JsonNode? node = obj;
            foreach (var p in path)
            {
                node = node is JsonObject o && o.TryGetPropertyValue(p, out var child) ? child : null;
            }

            var actual = node switch
            {
                null => "",
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                _ => node.ToJsonString(),
            };
            if ((actual == value) == negate)
            {
                return false;
            }
        }

        return true;
    }
}
