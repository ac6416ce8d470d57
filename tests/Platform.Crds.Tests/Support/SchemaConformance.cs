using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s.Models;

namespace Platform.Crds.Tests.Support;

/// <summary>
/// Checks a manifest against a generated openAPIV3Schema the way the API server's structural validation and pruning
/// would (types, required, enums, bounds, patterns, unknown fields); CEL rules are out of scope.
/// </summary>
internal static class SchemaConformance
{
    public static IReadOnlyList<string> Violations(JsonNode? manifest, V1JSONSchemaProps schema)
    {
        var problems = new List<string>();
        Check(manifest, schema, "", problems);
        return problems;
    }

    /// <summary>The schema for a dotted path such as <c>.spec.ports[*].name</c>, or null when the schema does not declare it.</summary>
    public static V1JSONSchemaProps? At(V1JSONSchemaProps root, string path)
    {
        var current = root;
        foreach (var segment in Regex.Split(path.TrimStart('.'), @"\.|(?=\[\*\])").Where(s => s.Length > 0))
        {
            if (segment == "[*]")
            {
                current = current.Items as V1JSONSchemaProps;
            }
            else if (current.Properties?.TryGetValue(segment, out var child) == true)
            {
                current = child;
            }
            else
            {
                current = current.AdditionalProperties as V1JSONSchemaProps;
            }

            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    private static void Check(JsonNode? node, V1JSONSchemaProps schema, string path, List<string> problems)
    {
        var where = path.Length == 0 ? "(root)" : path;
        if (node is null)
        {
            if (schema.Nullable != true)
            {
                problems.Add($"{where}: null is not allowed (the API server drops it)");
            }

            return;
        }

        if (schema.XKubernetesIntOrString == true)
        {
            var kind = node.GetValueKind();
            if (kind is not (JsonValueKind.Number or JsonValueKind.String))
            {
                problems.Add($"{where}: must be an integer or a string");
            }

            return;
        }

        if (!TypeMatches(node, schema.Type))
        {
            problems.Add($"{where}: is {node.GetValueKind()}, schema says {schema.Type ?? "any"}");
            return;
        }

        if (schema.EnumProperty is { Count: > 0 } allowed && node is JsonValue
            && !allowed.Any(v => JsonNode.DeepEquals(JsonValue.Create(v?.ToString()), node) || Equals(v?.ToString(), node.ToString())))
        {
            problems.Add($"{where}: {node.ToJsonString()} is not one of {string.Join(", ", allowed)}");
        }

        switch (node)
        {
            case JsonObject obj:
                CheckObject(obj, schema, path, problems);
                break;
            case JsonArray array:
                if (array.Count < (schema.MinItems ?? 0) || (schema.MaxItems is { } maxItems && array.Count > maxItems))
                {
                    problems.Add($"{where}: {array.Count} items is outside [{schema.MinItems}, {schema.MaxItems}]");
                }

                if (schema.Items is V1JSONSchemaProps items)
                {
                    for (var i = 0; i < array.Count; i++)
                    {
                        Check(array[i], items, $"{path}[{i}]", problems);
                    }
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var text = value.GetValue<string>();
                if (text.Length < (schema.MinLength ?? 0) || (schema.MaxLength is { } maxLength && text.Length > maxLength))
                {
                    problems.Add($"{where}: length {text.Length} is outside [{schema.MinLength}, {schema.MaxLength}]");
                }

                if (schema.Pattern is { } pattern && !Regex.IsMatch(text, pattern, RegexOptions.ECMAScript))
                {
                    problems.Add($"{where}: '{text}' does not match {pattern}");
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number:
                var number = double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture);
                if (schema.Minimum is { } min && (number < min || (schema.ExclusiveMinimum == true && number == min)))
                {
                    problems.Add($"{where}: {number} is below the minimum {min}");
                }

                if (schema.Maximum is { } max && (number > max || (schema.ExclusiveMaximum == true && number == max)))
                {
                    problems.Add($"{where}: {number} is above the maximum {max}");
                }

                break;
        }
    }

    private static void CheckObject(JsonObject obj, V1JSONSchemaProps schema, string path, List<string> problems)
    {
        foreach (var required in schema.Required ?? [])
        {
            if (!obj.ContainsKey(required))
            {
                problems.Add($"{path}.{required}: required but missing");
            }
        }

        if (schema.Properties is null && schema.AdditionalProperties is null)
        {
            // The root's metadata and preserve-unknown-fields objects keep whatever they are given.
            if (schema.XKubernetesPreserveUnknownFields != true && path != ".metadata" && obj.Count > 0)
            {
                problems.Add($"{path}: fields {string.Join(", ", obj.Select(p => p.Key))} would be pruned (the schema declares none)");
            }

            return;
        }

        foreach (var (name, value) in obj)
        {
            var childPath = $"{path}.{name}";
            if (schema.Properties?.TryGetValue(name, out var property) == true)
            {
                Check(value, property, childPath, problems);
            }
            else if (schema.AdditionalProperties is V1JSONSchemaProps additional)
            {
                Check(value, additional, childPath, problems);
            }
            else if (schema.XKubernetesPreserveUnknownFields != true)
            {
                problems.Add($"{childPath}: unknown field, the API server would prune it");
            }
        }
    }

    private static bool TypeMatches(JsonNode node, string? type) => type switch
    {
        null => true,
        "object" => node is JsonObject,
        "array" => node is JsonArray,
        "string" => node.GetValueKind() == JsonValueKind.String,
        "boolean" => node.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        "integer" => node.GetValueKind() == JsonValueKind.Number && !node.ToJsonString().Contains('.', StringComparison.Ordinal),
        "number" => node.GetValueKind() == JsonValueKind.Number,
        _ => false,
    };
}
