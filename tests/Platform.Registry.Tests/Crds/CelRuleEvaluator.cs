using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cel;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Registry.Tests.Crds;

/// <summary>
/// Runs the CEL rules declared on an entity class or property against JSON, with <c>self</c> bound the way the
/// API server binds it, so the CRD-level rules are tested for behaviour and not only for presence.
/// </summary>
internal sealed class CelRuleEvaluator
{
    private readonly CelEnvironment environment = new(null, null);

    public CelRuleEvaluator() =>
        // Kubernetes' string library; the only extension function our rules use.
        environment.RegisterFunction("substring", [typeof(string), typeof(long), typeof(long)], args =>
        {
            var text = (string)args[0]!;
            var start = (int)(long)args[1]!;
            var end = (int)(long)args[2]!;
            return text[start..end];
        });

    /// <summary>Messages of the rules on <paramref name="member"/> that fail for <paramref name="selfJson"/>.</summary>
    public IReadOnlyList<string> FailingRules(MemberInfo member, string selfJson)
    {
        var self = ToCel(JsonNode.Parse(selfJson));
        var failures = new List<string>();
        foreach (var rule in member.GetCustomAttributes<ValidationRuleAttribute>())
        {
            var program = environment.Compile(rule.Rule);
            var result = program(new Dictionary<string, object?> { ["self"] = self });
            if (result is not true)
            {
                failures.Add(rule.Message ?? rule.Rule);
            }
        }

        return failures;
    }

    private static object? ToCel(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(p => p.Key, p => ToCel(p.Value), StringComparer.Ordinal),
        JsonArray array => array.Select(ToCel).ToList(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => long.Parse(value.ToJsonString(), CultureInfo.InvariantCulture),
            _ => null,
        },
        _ => null,
    };
}
