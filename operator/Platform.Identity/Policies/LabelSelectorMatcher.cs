using k8s.Models;

namespace Platform.Identity.Policies;

/// <summary>metav1.LabelSelector semantics: matchLabels and matchExpressions ANDed; a null or empty selector matches everything.</summary>
internal sealed class LabelSelectorMatcher
{
    public static readonly LabelSelectorMatcher Everything = new([]);

    private readonly IReadOnlyList<(string Key, string Operator, HashSet<string> Values)> requirements;

    private LabelSelectorMatcher(IReadOnlyList<(string, string, HashSet<string>)> requirements) => this.requirements = requirements;

    /// <summary>Builds a matcher; returns null and a message when the selector is invalid.</summary>
    public static LabelSelectorMatcher? TryCreate(V1LabelSelector? selector, out string? error)
    {
        error = null;
        if (selector is null)
        {
            return Everything;
        }

        var list = new List<(string, string, HashSet<string>)>();
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            list.Add((key, "In", new HashSet<string>(StringComparer.Ordinal) { value }));
        }

        foreach (var expression in selector.MatchExpressions ?? [])
        {
            var values = new HashSet<string>(expression.Values ?? [], StringComparer.Ordinal);
            switch (expression.OperatorProperty)
            {
                case "In" or "NotIn" when values.Count == 0:
                    error = $"matchExpressions key \"{expression.Key}\": operator {expression.OperatorProperty} needs at least one value";
                    return null;
                case "Exists" or "DoesNotExist" when values.Count > 0:
                    error = $"matchExpressions key \"{expression.Key}\": operator {expression.OperatorProperty} takes no values";
                    return null;
                case "In" or "NotIn" or "Exists" or "DoesNotExist":
                    list.Add((expression.Key, expression.OperatorProperty, values));
                    break;
                default:
                    error = $"matchExpressions key \"{expression.Key}\": operator \"{expression.OperatorProperty}\" is not one of In, NotIn, Exists, DoesNotExist";
                    return null;
            }
        }

        return new LabelSelectorMatcher(list);
    }

    public bool Matches(IDictionary<string, string>? labels)
    {
        foreach (var (key, op, values) in requirements)
        {
            string? value = null;
            var has = labels is not null && labels.TryGetValue(key, out value);
            var ok = op switch
            {
                "In" => has && values.Contains(value!),
                "NotIn" => !has || !values.Contains(value!),
                "Exists" => has,
                _ => !has,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
