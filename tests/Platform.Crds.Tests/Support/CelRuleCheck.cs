using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cel;
using k8s.Models;

namespace Platform.Crds.Tests.Support;

/// <summary>
/// Evaluates the x-kubernetes-validations of a generated schema against a manifest, binding <c>self</c> to each
/// node the way the API server does on create. Transition rules (oldSelf) do not apply to a create and are skipped.
/// </summary>
internal sealed class CelRuleCheck
{
    private readonly CelEnvironment environment = new(null, null);

    public CelRuleCheck()
    {
        // The Kubernetes strings extension used by the generated rules; the Cel package lacks it.
        environment.RegisterFunction("substring", [typeof(string), typeof(long)], a => Substring((string)a[0]!, (long)a[1]!, null));
        environment.RegisterFunction("substring", [typeof(string), typeof(long), typeof(long)], a => Substring((string)a[0]!, (long)a[1]!, (long)a[2]!));
    }

    /// <summary>Rules that reject the manifest (or do not compile), as "path: message (rule)".</summary>
    public IReadOnlyList<string> Failures(JsonNode? manifest, V1JSONSchemaProps schema)
    {
        var failures = new List<string>();
        Walk(manifest, schema, "", failures);
        return failures;
    }

    private void Walk(JsonNode? node, V1JSONSchemaProps schema, string path, List<string> failures)
    {
        if (node is null)
        {
            return;
        }

        foreach (var rule in schema.XKubernetesValidations ?? [])
        {
            if (rule.Rule.Contains("oldSelf", StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                var result = environment.Compile(rule.Rule)(new Dictionary<string, object?> { ["self"] = ToCel(node) });
                if (result is not true)
                {
                    failures.Add($"{Display(path)}: {rule.Message ?? "failed"} ({rule.Rule})");
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failures.Add($"{Display(path)}: rule {rule.Rule} could not be evaluated: {e.Message}");
            }
        }

        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    var child = schema.Properties?.TryGetValue(name, out var property) == true ? property : schema.AdditionalProperties as V1JSONSchemaProps;
                    if (child is not null)
                    {
                        Walk(value, child, $"{path}.{name}", failures);
                    }
                }

                break;
            case JsonArray array when schema.Items is V1JSONSchemaProps items:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], items, $"{path}[{i}]", failures);
                }

                break;
        }
    }

    private static string Substring(string text, long start, long? end) => end is { } e ? text[(int)start..(int)e] : text[(int)start..];

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
            JsonValueKind.Number when long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => integer,
            JsonValueKind.Number => double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture),
            _ => null,
        },
        _ => null,
    };

    private static string Display(string path) => path.Length == 0 ? "(root)" : path;
}
