using System.Text.Json.Nodes;
using Platform.Sandbox.Api;

namespace Platform.Sandbox.Schema.Cel;

/// <summary>
/// Evaluates <c>x-kubernetes-validations</c> with <c>self</c> bound to the node each rule sits on and
/// <c>oldSelf</c> to the correlated node of the stored object. Transition rules (those using oldSelf) run only
/// when a correlated old value exists: object properties correlate by name, map-list items by their keys,
/// other list items never.
/// </summary>
internal static class CelRuleEvaluator
{
    public static void Evaluate(JsonNode? node, JsonNode? old, bool hasOld, StructuralSchema schema, string path, List<FieldError> errors)
    {
        if (!schema.HasRulesBelow || node is null || !TypeMatches(node, schema))
        {
            return;
        }

        if (schema.Rules.Count > 0)
        {
            EvaluateRules(node, old, hasOld, schema, path, errors);
        }

        switch (node)
        {
            case JsonObject obj:
                {
                    var oldObj = hasOld ? old as JsonObject : null;
                    foreach (var (key, value) in obj)
                    {
                        var property = schema.Properties?.GetValueOrDefault(key);
                        var child = property ?? schema.AdditionalProperties;
                        if (child is null)
                        {
                            continue;
                        }

                        JsonNode? oldChild = null;
                        var childHasOld = oldObj is not null && oldObj.TryGetPropertyValue(key, out oldChild);

                        // Upstream names map entries by key (labels[app]) in rule errors, properties as children.
                        var childPath = property is not null ? FieldPathText.Child(path, key) : FieldPathText.Key(path, key);
                        Evaluate(value, oldChild, childHasOld, child, childPath, errors);
                    }

                    break;
                }

            case JsonArray arr when schema.Items is { } items:
                {
                    var oldByKey = hasOld && old is JsonArray oldArr && schema.ListType == "map" && schema.ListMapKeys.Count > 0
                        ? IndexByKey(oldArr, schema)
                        : null;
                    for (var i = 0; i < arr.Count; i++)
                    {
                        JsonNode? oldItem = null;
                        var itemHasOld = oldByKey is not null && arr[i] is JsonObject item
                            && oldByKey.TryGetValue(SchemaValueValidator.ListMapKey(item, schema).ToJsonString(), out oldItem);
                        Evaluate(arr[i], oldItem, itemHasOld, items, FieldPathText.Index(path, i), errors);
                    }

                    break;
                }
        }
    }

    private static Dictionary<string, JsonNode?> IndexByKey(JsonArray oldArr, StructuralSchema schema)
    {
        var map = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var item in oldArr.OfType<JsonObject>())
        {
            map.TryAdd(SchemaValueValidator.ListMapKey(item, schema).ToJsonString(), item);
        }

        return map;
    }

    private static bool TypeMatches(JsonNode node, StructuralSchema schema)
    {
        var actual = JsonTypeName.Of(node);
        return schema.IntOrString ? actual is "integer" or "string" : schema.Type is not { } type || JsonTypeName.Satisfies(type, actual);
    }

    private static void EvaluateRules(JsonNode node, JsonNode? old, bool hasOld, StructuralSchema schema, string path, List<FieldError> errors)
    {
        var isRoot = path.Length == 0;
        var variables = new Dictionary<string, object?>(2, StringComparer.Ordinal) { ["self"] = ForRule(CelValueConverter.ToCel(node, schema), isRoot) };
        if (hasOld)
        {
            variables["oldSelf"] = ForRule(CelValueConverter.ToCel(old, schema), isRoot);
        }

        var typeName = schema.TypeForMessages;
        foreach (var rule in schema.Rules)
        {
            if (rule.UsesOldSelf && !hasOld)
            {
                continue;
            }

            if (rule.Program.Program is not { } program)
            {
                errors.Add(FieldErrors.Invalid(path, typeName, "rule compile error: " + rule.Program.Error));
                continue;
            }

            object? result;
            try
            {
                result = program(variables);
            }
            catch (Exception ex)
            {
                errors.Add(FieldErrors.Invalid(path, typeName, $"{CelErrorText.Describe(ex)} evaluating rule: {RuleErrorString(rule)}"));
                continue;
            }

            if (result is true)
            {
                continue;
            }

            if (result is not false)
            {
                var problem = result?.GetType().Name == "CelNoSuchField" ? "no such key" : "rule did not evaluate to a bool";
                errors.Add(FieldErrors.Invalid(path, typeName, $"{problem} evaluating rule: {RuleErrorString(rule)}"));
                continue;
            }

            var message = Message(rule, variables);
            var errorPath = RulePath(path, rule.FieldPath);
            errors.Add(rule.Reason switch
            {
                "FieldValueForbidden" => FieldErrors.Forbidden(errorPath, message),
                "FieldValueRequired" => FieldErrors.Required(errorPath, message),
                "FieldValueDuplicate" => FieldErrors.Duplicate(errorPath, typeName),
                _ => FieldErrors.Invalid(errorPath, typeName, message),
            });
        }
    }

    private static string RuleText(CelRule rule) => rule.Rule.Trim();

    /// <summary>How upstream names a rule in error texts: its message when it has one, else the rule.</summary>
    private static string RuleErrorString(CelRule rule) => string.IsNullOrWhiteSpace(rule.Message) ? RuleText(rule) : rule.Message.Trim();

    /// <summary>Rules on the root see only <c>metadata.name</c> and <c>metadata.generateName</c>, as upstream exposes them.</summary>
    private static object? ForRule(object? value, bool isRoot)
    {
        if (isRoot && value is Dictionary<string, object?> root && root.TryGetValue("metadata", out var meta) && meta is Dictionary<string, object?> metadata)
        {
            root["metadata"] = metadata.Where(p => p.Key is "name" or "generateName").ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        }

        return value;
    }

    private static string Message(CelRule rule, Dictionary<string, object?> variables)
    {
        if (rule.MessageProgram?.Program is { } messageProgram)
        {
            try
            {
                if (messageProgram(variables) is string s && s.Trim().Length > 0 && !s.Contains('\n', StringComparison.Ordinal) && s.Length <= 5000)
                {
                    return s;
                }
            }
            catch (Exception)
            {
                // Upstream falls back to message (or the default) when messageExpression fails.
            }
        }

        return string.IsNullOrWhiteSpace(rule.Message) ? "failed rule: " + RuleText(rule) : rule.Message.Trim();
    }

    /// <summary>Joins a rule's relative <c>fieldPath</c> (<c>.spec.x</c>, <c>['a.b']</c>, <c>.items[0]</c>) onto the node's path.</summary>
    private static string RulePath(string path, string? fieldPath)
    {
        if (string.IsNullOrWhiteSpace(fieldPath))
        {
            return path;
        }

        var normalized = fieldPath.Replace("['", ".", StringComparison.Ordinal).Replace("']", "", StringComparison.Ordinal);
        normalized = normalized.TrimStart('.');
        return path.Length == 0 ? normalized : path + "." + normalized;
    }
}
