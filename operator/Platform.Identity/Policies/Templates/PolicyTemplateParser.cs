using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using k8s.Models;

namespace Platform.Identity.Policies.Templates;

/// <summary>
/// A deliberately small subset of Go text/template: literal text plus actions that are a field chain
/// (<c>{{ .PodMeta.Namespace }}</c>, map keys by field syntax <c>{{ .PodMeta.Labels.app }}</c>) or
/// <c>index</c> over one (<c>{{ index .PodMeta.Labels "app.kubernetes.io/name" }}</c>), with <c>{{-</c> /
/// <c>-}}</c> trimming. Field names are checked against the Kubernetes types when parsing, so typos are
/// caught at admission. Anything else (if, range, pipelines, functions, variables) is refused.
/// </summary>
internal static class PolicyTemplateParser
{
    public const string Supported =
        "supported are literal text, field access such as {{ .PodMeta.Namespace }} or {{ .PodSpec.ServiceAccountName }}, " +
        "and {{ index .PodMeta.Labels \"key\" }}, over .TrustDomain, .ClusterName, .ClusterDomain, .PodMeta, .PodSpec, .NodeMeta and .NodeSpec";

    private static readonly Dictionary<string, Type> Roots = new(StringComparer.Ordinal)
    {
        ["TrustDomain"] = typeof(string),
        ["ClusterName"] = typeof(string),
        ["ClusterDomain"] = typeof(string),
        ["PodMeta"] = typeof(V1ObjectMeta),
        ["PodSpec"] = typeof(V1PodSpec),
        ["NodeMeta"] = typeof(V1ObjectMeta),
        ["NodeSpec"] = typeof(V1NodeSpec),
    };

    /// <exception cref="PolicyTemplateException">The template is malformed or uses an unsupported construct.</exception>
    public static PolicyTemplate Parse(string source)
    {
        var parts = new List<object>();
        var text = new StringBuilder();
        var position = 0;
        while (position < source.Length)
        {
            var open = source.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                text.Append(source, position, source.Length - position);
                break;
            }

            text.Append(source, position, open - position);
            var close = source.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new PolicyTemplateException("unclosed action: missing \"}}\"");
            }

            var inner = source.Substring(open + 2, close - open - 2);
            var original = source.Substring(open, close - open + 2);
            position = close + 2;
            if (inner.StartsWith("- ", StringComparison.Ordinal) || inner == "-")
            {
                TrimEnd(text);
                inner = inner[1..];
            }

            if (inner.EndsWith(" -", StringComparison.Ordinal))
            {
                inner = inner[..^1];
                while (position < source.Length && char.IsWhiteSpace(source[position]))
                {
                    position++;
                }
            }

            if (text.Length > 0)
            {
                parts.Add(text.ToString());
                text.Clear();
            }

            parts.Add(ParseAction(inner.Trim(), original));
        }

        if (text.Length > 0 || parts.Count == 0)
        {
            parts.Add(text.ToString());
        }

        return new PolicyTemplate(source, parts);
    }

    private static void TrimEnd(StringBuilder text)
    {
        while (text.Length > 0 && char.IsWhiteSpace(text[^1]))
        {
            text.Length--;
        }
    }

    private static TemplateAccessor ParseAction(string action, string original)
    {
        var tokens = Tokenize(action, original);
        if (tokens.Count == 1 && tokens[0].StartsWith('.'))
        {
            var (root, steps, _) = ResolveChain(tokens[0], original);
            return new TemplateAccessor(original, root, steps);
        }

        if (tokens.Count >= 3 && tokens[0] == "index" && tokens[1].StartsWith('.'))
        {
            var (root, steps, type) = ResolveChain(tokens[1], original);
            var allSteps = steps.ToList();
            foreach (var argument in tokens.Skip(2))
            {
                if (argument.StartsWith('"') && IsStringMap(type))
                {
                    var key = argument[1..^1];
                    allSteps.Add(new TemplateStep(key, null, key, null));
                    type = typeof(string);
                }
                else if (int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && ListElement(type) is { } element)
                {
                    allSteps.Add(new TemplateStep(argument, null, null, index));
                    type = element;
                }
                else
                {
                    throw new PolicyTemplateException($"{original}: cannot index {DisplayType(type)} with {argument}");
                }
            }

            return new TemplateAccessor(original, root, allSteps);
        }

        throw new PolicyTemplateException($"unsupported template construct {original}: {Supported}");
    }

    private static (string Root, IReadOnlyList<TemplateStep> Steps, Type Type) ResolveChain(string chain, string original)
    {
        var names = chain[1..].Split('.');
        if (names.Any(n => n.Length == 0))
        {
            throw new PolicyTemplateException($"{original}: malformed field chain {chain}");
        }

        if (!Roots.TryGetValue(names[0], out var type))
        {
            throw new PolicyTemplateException($"{original}: can't evaluate field {names[0]}: {Supported}");
        }

        var steps = new List<TemplateStep>();
        foreach (var name in names.Skip(1))
        {
            if (IsStringMap(type))
            {
                steps.Add(new TemplateStep(name, null, name, null));
                type = typeof(string);
                continue;
            }

            var property = char.IsUpper(name[0]) && !IsScalar(type) ? FindProperty(type, name) : null;
            if (property is null || property.GetIndexParameters().Length > 0)
            {
                throw new PolicyTemplateException($"{original}: can't evaluate field {name} in type {DisplayType(type)}");
            }

            steps.Add(new TemplateStep(name, property, null, null));
            type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        }

        return (names[0], steps, type);
    }

    /// <summary>
    /// Go field names differ from the C# models only in case (UID/Uid) or where C# renamed a keyword
    /// (Namespace/NamespaceProperty); the JSON name settles the latter.
    /// </summary>
    private static PropertyInfo? FindProperty(Type type, string goName)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        return properties.FirstOrDefault(p => string.Equals(p.Name, goName, StringComparison.OrdinalIgnoreCase))
            ?? properties.FirstOrDefault(p => string.Equals(
                p.GetCustomAttribute<System.Text.Json.Serialization.JsonPropertyNameAttribute>()?.Name, goName, StringComparison.OrdinalIgnoreCase));
    }

    private static List<string> Tokenize(string action, string original)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < action.Length)
        {
            var c = action[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c == '"')
            {
                var value = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= action.Length)
                    {
                        throw new PolicyTemplateException($"{original}: unterminated quoted string");
                    }

                    if (action[i] == '"')
                    {
                        i++;
                        break;
                    }

                    if (action[i] == '\\' && i + 1 < action.Length)
                    {
                        value.Append(action[i + 1] switch { 'n' => '\n', 't' => '\t', var other => other });
                        i += 2;
                        continue;
                    }

                    value.Append(action[i++]);
                }

                tokens.Add("\"" + value + "\"");
                continue;
            }

            var start = i;
            while (i < action.Length && (char.IsLetterOrDigit(action[i]) || action[i] is '.' or '_'))
            {
                i++;
            }

            if (start == i)
            {
                // Pipes, parentheses, variables, comments, assignments: all outside the subset.
                throw new PolicyTemplateException($"unsupported template construct {original}: {Supported}");
            }

            tokens.Add(action[start..i]);
        }

        if (tokens.Count == 0)
        {
            throw new PolicyTemplateException($"empty action {original}: {Supported}");
        }

        return tokens;
    }

    private static bool IsStringMap(Type type) => typeof(IDictionary<string, string>).IsAssignableFrom(type);

    private static Type? ListElement(Type type) =>
        type != typeof(string) && typeof(IList).IsAssignableFrom(type) && type.IsGenericType ? type.GetGenericArguments()[0] : null;

    private static bool IsScalar(Type type) => type.IsPrimitive || type == typeof(string) || type == typeof(DateTime);

    private static string DisplayType(Type type) => type.Name;
}
