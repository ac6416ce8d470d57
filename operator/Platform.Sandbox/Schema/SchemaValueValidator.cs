using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Platform.Sandbox.Api;

namespace Platform.Sandbox.Schema;

/// <summary>
/// OpenAPI v3 value validation of a custom resource against its structural schema, reporting errors the way
/// the apiextensions server converts kube-openapi's results into field errors.
/// </summary>
internal static class SchemaValueValidator
{
    public static void Validate(JsonNode? node, StructuralSchema schema, string path, List<FieldError> errors)
    {
        var where = path.Length == 0 ? "body" : path;
        if (node is null)
        {
            if (!schema.Nullable && (schema.Type is not null || schema.IntOrString))
            {
                var expected = schema.IntOrString ? "integer,string" : schema.Type;
                errors.Add(FieldErrors.TypeInvalid(path, null, $"{where} in body must be of type {expected}: \"null\""));
            }

            return;
        }

        var actual = JsonTypeName.Of(node);
        if (schema.IntOrString)
        {
            if (actual is not ("integer" or "string"))
            {
                errors.Add(FieldErrors.TypeInvalid(path, node, $"{where} in body must be of type integer,string: \"{actual}\""));
                return;
            }
        }
        else if (schema.Type is { } type && !JsonTypeName.Satisfies(type, actual))
        {
            errors.Add(FieldErrors.TypeInvalid(path, node, $"{where} in body must be of type {type}: \"{actual}\""));
            return;
        }

        if (schema.Enum is { Count: > 0 } allowed && !allowed.Any(a => JsonNode.DeepEquals(a, node)))
        {
            errors.Add(FieldErrors.NotSupported(path, node, allowed.Select(a => a is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : a?.ToJsonString() ?? "null")));
        }

        switch (node)
        {
            case JsonValue value when actual is "integer" or "number":
                ValidateNumber(value, schema, path, where, errors);
                break;
            case JsonValue value when actual == "string":
                ValidateString(value.GetValue<string>(), node, schema, path, where, errors);
                break;
            case JsonArray array:
                ValidateArray(array, schema, path, where, errors);
                break;
            case JsonObject obj:
                ValidateObject(obj, schema, path, where, errors);
                break;
        }

        ValidateCombinators(node, schema, path, where, errors);
    }

    private static void ValidateNumber(JsonValue value, StructuralSchema schema, string path, string where, List<FieldError> errors)
    {
        var d = JsonTypeName.ToDouble(value);
        if (schema.Maximum is { } max && (schema.ExclusiveMaximum ? d >= max : d > max))
        {
            var relation = schema.ExclusiveMaximum ? "less than" : "less than or equal to";
            errors.Add(FieldErrors.Invalid(path, value, $"{where} in body should be {relation} {GoValueFormatter.FormatDouble(max)}"));
        }

        if (schema.Minimum is { } min && (schema.ExclusiveMinimum ? d <= min : d < min))
        {
            var relation = schema.ExclusiveMinimum ? "greater than" : "greater than or equal to";
            errors.Add(FieldErrors.Invalid(path, value, $"{where} in body should be {relation} {GoValueFormatter.FormatDouble(min)}"));
        }

        if (schema.MultipleOf is { } factor && factor > 0 && !IsMultiple(value, d, factor))
        {
            errors.Add(FieldErrors.Invalid(path, value, $"{where} in body should be a multiple of {GoValueFormatter.FormatDouble(factor)}"));
        }
    }

    private static bool IsMultiple(JsonValue value, double d, double factor)
    {
        // Decimal arithmetic keeps 0.3 a multiple of 0.1, which binary floating point does not.
        if (JsonTypeName.ToDecimal(value) is { } dec && factor is < 7.9e27 and > 1e-27)
        {
            var f = (decimal)factor;
            return dec % f == 0;
        }

        var q = d / factor;
        return q == Math.Truncate(q);
    }

    private static void ValidateString(string s, JsonNode node, StructuralSchema schema, string path, string where, List<FieldError> errors)
    {
        if (schema.Format is { } format && !StringFormatChecker.IsValid(format, s))
        {
            errors.Add(FieldErrors.TypeInvalid(path, node, $"{where} in body must be of type {format}: {GoValueFormatter.Quote(s)}"));
        }

        if (schema.MaxLength is not null || schema.MinLength is not null)
        {
            var length = s.EnumerateRunes().Count();
            if (schema.MaxLength is { } maxLength && length > maxLength)
            {
                errors.Add(FieldErrors.TooLong(path, maxLength));
            }

            if (schema.MinLength is { } minLength && length < minLength)
            {
                errors.Add(FieldErrors.Invalid(path, node, $"{where} in body should be at least {minLength} chars long"));
            }
        }

        if (schema.Pattern is { } pattern)
        {
            bool matches;
            try
            {
                matches = schema.PatternRegex?.IsMatch(s) ?? false;
            }
            catch (RegexMatchTimeoutException)
            {
                matches = false;
            }

            if (!matches)
            {
                errors.Add(FieldErrors.Invalid(path, node, $"{where} in body should match '{pattern}'"));
            }
        }
    }

    private static void ValidateArray(JsonArray array, StructuralSchema schema, string path, string where, List<FieldError> errors)
    {
        if (schema.MaxItems is { } maxItems && array.Count > maxItems)
        {
            errors.Add(FieldErrors.TooMany(path, array.Count, maxItems));
        }

        if (schema.MinItems is { } minItems && array.Count < minItems)
        {
            errors.Add(FieldErrors.Invalid(path, (long)array.Count, $"{where} in body should have at least {minItems} items"));
        }

        if (schema.UniqueItems && HasDuplicates(array))
        {
            errors.Add(FieldErrors.Invalid(path, "", $"{where} in body shouldn't contain duplicates"));
        }

        if (schema.ListType == "set")
        {
            for (var i = 1; i < array.Count; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    if (JsonNode.DeepEquals(array[i], array[j]))
                    {
                        errors.Add(FieldErrors.Duplicate(FieldPathText.Index(path, i), array[i]));
                        break;
                    }
                }
            }
        }
        else if (schema.ListType == "map" && schema.ListMapKeys.Count > 0)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is not JsonObject item)
                {
                    continue;
                }

                var key = ListMapKey(item, schema);
                if (!seen.Add(key.ToJsonString()))
                {
                    errors.Add(FieldErrors.Duplicate(FieldPathText.Index(path, i), key));
                }
            }
        }

        if (schema.Items is { } itemSchema)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Validate(array[i], itemSchema, FieldPathText.Index(path, i), errors);
            }
        }
    }

    /// <summary>The key fields of a map-list element (absent keys take their schema default, as upstream).</summary>
    public static JsonObject ListMapKey(JsonObject item, StructuralSchema listSchema)
    {
        var key = new JsonObject();
        foreach (var name in listSchema.ListMapKeys)
        {
            if (item.TryGetPropertyValue(name, out var v))
            {
                key[name] = v?.DeepClone();
            }
            else if (listSchema.Items?.Properties?.GetValueOrDefault(name) is { HasDefault: true } keySchema)
            {
                key[name] = keySchema.Default!.DeepClone();
            }
        }

        return key;
    }

    private static bool HasDuplicates(JsonArray array)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return array.Any(item => !seen.Add(item?.ToJsonString() ?? "null"));
    }

    private static void ValidateObject(JsonObject obj, StructuralSchema schema, string path, string where, List<FieldError> errors)
    {
        foreach (var name in schema.Required)
        {
            if (!obj.ContainsKey(name))
            {
                errors.Add(FieldErrors.Required(FieldPathText.Child(path, name)));
            }
        }

        if (schema.MaxProperties is { } maxProps && obj.Count > maxProps)
        {
            errors.Add(FieldErrors.TooMany(path, obj.Count, maxProps));
        }

        if (schema.MinProperties is { } minProps && obj.Count < minProps)
        {
            errors.Add(FieldErrors.Invalid(path, (long)obj.Count, $"{where} in body should have at least {minProps} properties"));
        }

        if (schema.EmbeddedResource)
        {
            foreach (var name in new[] { "apiVersion", "kind" })
            {
                if (obj[name] is not JsonValue v || v.GetValueKind() != System.Text.Json.JsonValueKind.String || v.GetValue<string>().Length == 0)
                {
                    errors.Add(FieldErrors.Required(FieldPathText.Child(path, name), "must not be empty"));
                }
            }
        }

        foreach (var (key, value) in obj)
        {
            if (schema.Properties is { } props && props.TryGetValue(key, out var propSchema))
            {
                Validate(value, propSchema, FieldPathText.Child(path, key), errors);
            }
            else if (schema.AdditionalProperties is { } additional)
            {
                Validate(value, additional, FieldPathText.Child(path, key), errors);
            }
            else if (schema.AdditionalPropertiesForbidden && schema.Properties is not null)
            {
                errors.Add(FieldErrors.Forbidden(FieldPathText.Child(path, key), string.Create(CultureInfo.InvariantCulture, $"{where} in body is a forbidden property")));
            }
        }
    }

    private static void ValidateCombinators(JsonNode node, StructuralSchema schema, string path, string where, List<FieldError> errors)
    {
        foreach (var sub in schema.AllOf)
        {
            Validate(node, sub, path, errors);
        }

        if (schema.AnyOf.Count > 0 && !schema.AnyOf.Any(sub => Passes(node, sub, path)))
        {
            errors.Add(FieldErrors.Invalid(path, "", $"{where} in body must validate at least one schema (anyOf)"));
        }

        if (schema.OneOf.Count > 0 && schema.OneOf.Count(sub => Passes(node, sub, path)) != 1)
        {
            errors.Add(FieldErrors.Invalid(path, "", $"{where} in body must validate one and only one schema (oneOf)"));
        }

        if (schema.Not is { } not && Passes(node, not, path))
        {
            errors.Add(FieldErrors.Invalid(path, "", $"{where} in body must not validate the schema (not)"));
        }
    }

    private static bool Passes(JsonNode node, StructuralSchema sub, string path)
    {
        var scratch = new List<FieldError>();
        Validate(node, sub, path, scratch);
        return scratch.Count == 0;
    }
}
