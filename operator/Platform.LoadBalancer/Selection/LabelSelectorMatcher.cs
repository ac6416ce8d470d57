using System.Text.RegularExpressions;
using k8s.Models;

namespace Platform.LoadBalancer.Selection;

/// <summary>
/// A compiled metav1.LabelSelector: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist),
/// all ANDed. An empty selector matches everything, as in Kubernetes.
/// </summary>
public sealed partial class LabelSelectorMatcher
{
    private readonly List<Func<IReadOnlyDictionary<string, string>, bool>> requirements;

    private LabelSelectorMatcher(List<Func<IReadOnlyDictionary<string, string>, bool>> requirements) =>
        this.requirements = requirements;

    /// <summary>A selector that matches every label set.</summary>
    public static LabelSelectorMatcher Everything { get; } = new([]);

    /// <summary>Whether the labels satisfy every requirement.</summary>
    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        labels ??= EmptyLabels;
        foreach (var requirement in requirements)
        {
            if (!requirement(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Compiles a selector, collecting every problem (empty when valid).</summary>
    public static LabelSelectorMatcher Compile(V1LabelSelector? selector, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var compiled = new List<Func<IReadOnlyDictionary<string, string>, bool>>();
        if (selector is null)
        {
            errors = problems;
            return Everything;
        }

        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            CheckKey(key, problems);
            CheckValue(key, value, problems);
            compiled.Add(labels => labels.TryGetValue(key, out var actual) && actual == value);
        }

        foreach (var expression in selector.MatchExpressions ?? [])
        {
            var key = expression.Key ?? string.Empty;
            CheckKey(key, problems);
            var values = expression.Values?.ToHashSet(StringComparer.Ordinal) ?? [];
            switch (expression.OperatorProperty)
            {
                case "In":
                case "NotIn":
                    if (values.Count == 0)
                    {
                        problems.Add($"key {Quote(key)}: values must be non-empty for operator {expression.OperatorProperty}");
                    }

                    foreach (var v in values)
                    {
                        CheckValue(key, v, problems);
                    }

                    var negate = expression.OperatorProperty == "NotIn";
                    compiled.Add(labels => (labels.TryGetValue(key, out var actual) && values.Contains(actual)) != negate);
                    break;
                case "Exists":
                case "DoesNotExist":
                    if (values.Count != 0)
                    {
                        problems.Add($"key {Quote(key)}: values must be empty for operator {expression.OperatorProperty}");
                    }

                    var mustExist = expression.OperatorProperty == "Exists";
                    compiled.Add(labels => labels.ContainsKey(key) == mustExist);
                    break;
                default:
                    problems.Add($"key {Quote(key)}: {Quote(expression.OperatorProperty ?? string.Empty)} is not a valid label selector operator (In, NotIn, Exists, DoesNotExist)");
                    break;
            }
        }

        errors = problems;
        return problems.Count == 0 ? new LabelSelectorMatcher(compiled) : Nothing;
    }

    // An invalid selector selects nothing rather than everything: the safe failure.
    private static LabelSelectorMatcher Nothing { get; } = new([_ => false]);

    private static readonly IReadOnlyDictionary<string, string> EmptyLabels = new Dictionary<string, string>();

    private static void CheckKey(string key, List<string> problems)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? key : key[(slash + 1)..];
        var prefix = slash < 0 ? null : key[..slash];
        if (name.Length is 0 or > 63 || !NamePattern().IsMatch(name)
            || (prefix is not null && (prefix.Length is 0 or > 253 || !DnsSubdomainPattern().IsMatch(prefix))))
        {
            problems.Add($"{Quote(key)} is not a valid label key");
        }
    }

    private static void CheckValue(string key, string? value, List<string> problems)
    {
        if (value is null || (value.Length > 0 && (value.Length > 63 || !NamePattern().IsMatch(value))))
        {
            problems.Add($"key {Quote(key)}: {Quote(value ?? "null")} is not a valid label value");
        }
    }

    private static string Quote(string s) => "\"" + s + "\"";

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomainPattern();
}
