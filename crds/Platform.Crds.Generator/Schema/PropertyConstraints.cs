using System.Reflection;
using k8s.Models;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Generator.Schema;

/// <summary>
/// Applies the validation and topology attributes of a property to its schema. An attribute that cannot apply to the
/// field's type (a pattern on a number, a list type on a map) is an error, not something to drop silently.
/// </summary>
internal static class PropertyConstraints
{
    public static void Apply(PropertyInfo property, V1JSONSchemaProps schema, string path)
    {
        if (property.GetCustomAttribute<TitleAttribute>(inherit: true) is { } title)
        {
            schema.Title = title.Title;
        }

        if (property.GetCustomAttribute<FormatAttribute>(inherit: true) is { } format)
        {
            schema.Format = format.Format;
        }

        if (property.GetCustomAttribute<EnumValuesAttribute>(inherit: true) is { } enumValues)
        {
            Require(schema, SchemaTypes.String, "[EnumValues]", path);
            schema.EnumProperty = enumValues.Values.Cast<object>().ToList();
        }

        if (property.GetCustomAttribute<PatternAttribute>(inherit: true) is { } pattern)
        {
            Require(schema, SchemaTypes.String, "[Pattern]", path);
            schema.Pattern = pattern.RegexPattern;
        }

        if (property.GetCustomAttribute<LengthAttribute>(inherit: true) is { } length)
        {
            Require(schema, SchemaTypes.String, "[Length]", path);
            schema.MinLength = length.MinLength >= 0 ? length.MinLength : null;
            schema.MaxLength = length.MaxLength >= 0 ? length.MaxLength : null;
        }

        if (property.GetCustomAttribute<ItemsAttribute>(inherit: true) is { } items)
        {
            Require(schema, SchemaTypes.Array, "[Items]", path);
            schema.MinItems = items.MinItems >= 0 ? items.MinItems : null;
            schema.MaxItems = items.MaxItems >= 0 ? items.MaxItems : null;
        }

        if (property.GetCustomAttribute<PropertyLimitsAttribute>(inherit: true) is { } limits)
        {
            Require(schema, SchemaTypes.Object, "[PropertyLimits]", path);
            schema.MinProperties = limits.MinProperties >= 0 ? limits.MinProperties : null;
            schema.MaxProperties = limits.MaxProperties >= 0 ? limits.MaxProperties : null;
        }

        if (property.GetCustomAttribute<RangeMinimumAttribute>(inherit: true) is { } minimum)
        {
            RequireNumber(schema, "[RangeMinimum]", path);
            schema.Minimum = minimum.Minimum;
            schema.ExclusiveMinimum = minimum.ExclusiveMinimum ? true : null;
        }

        if (property.GetCustomAttribute<RangeMaximumAttribute>(inherit: true) is { } maximum)
        {
            RequireNumber(schema, "[RangeMaximum]", path);
            schema.Maximum = maximum.Maximum;
            schema.ExclusiveMaximum = maximum.ExclusiveMaximum ? true : null;
        }

        if (property.GetCustomAttribute<MultipleOfAttribute>(inherit: true) is { } multipleOf)
        {
            RequireNumber(schema, "[MultipleOf]", path);
            schema.MultipleOf = multipleOf.Value;
        }

        if (property.GetCustomAttribute<DefaultValueAttribute>(inherit: true) is { } defaultValue)
        {
            schema.DefaultProperty = JsonLiteral.Parse(defaultValue.Json, $"{path} [DefaultValue]");
        }

        if (property.GetCustomAttribute<ExampleAttribute>(inherit: true) is { } example)
        {
            schema.Example = JsonLiteral.Parse(example.Example, $"{path} [Example]");
        }

        if (property.GetCustomAttribute<PreserveUnknownFieldsAttribute>(inherit: true) is not null)
        {
            schema.XKubernetesPreserveUnknownFields = true;
        }

        if (property.GetCustomAttribute<EmbeddedResourceAttribute>(inherit: true) is not null)
        {
            schema.Type = SchemaTypes.Object;
            schema.Properties = null;
            schema.AdditionalProperties = null;
            schema.Required = null;
            schema.XKubernetesEmbeddedResource = true;
            schema.XKubernetesPreserveUnknownFields = true;
        }

        ApplyListType(property, schema, path);

        if (property.GetCustomAttribute<XMapTypeAttribute>(inherit: true) is { } mapType)
        {
            Require(schema, SchemaTypes.Object, "[XMapType]", path);
            schema.XKubernetesMapType = mapType.MapType == XMapType.Atomic ? "atomic" : "granular";
        }

        SchemaMapper.AddValidationRules(schema, property.GetCustomAttributes<ValidationRuleAttribute>(inherit: true));
    }

    private static void ApplyListType(PropertyInfo property, V1JSONSchemaProps schema, string path)
    {
        var listType = property.GetCustomAttribute<XListTypeAttribute>(inherit: true);
        var mapKeys = property.GetCustomAttribute<XListMapKeysAttribute>(inherit: true);
        if (listType is null)
        {
            if (mapKeys is not null)
            {
                throw new CrdGenerationException($"{path}: [XListMapKeys] needs [XListType(XListType.Map)].");
            }

            return;
        }

        Require(schema, SchemaTypes.Array, "[XListType]", path);
        schema.XKubernetesListType = listType.ListType switch
        {
            XListType.Atomic => "atomic",
            XListType.Set => "set",
            _ => "map",
        };

        if (listType.ListType != XListType.Map)
        {
            if (mapKeys is not null)
            {
                throw new CrdGenerationException($"{path}: [XListMapKeys] applies only to [XListType(XListType.Map)].");
            }

            return;
        }

        if (mapKeys is null || mapKeys.Keys.Count == 0)
        {
            throw new CrdGenerationException($"{path}: a map list needs [XListMapKeys(...)] naming the item fields that identify an item.");
        }

        // The API server rejects map keys that are neither required nor defaulted in the item schema.
        var item = schema.Items as V1JSONSchemaProps;
        foreach (var key in mapKeys.Keys)
        {
            if (item?.Properties is null || !item.Properties.TryGetValue(key, out var keySchema))
            {
                throw new CrdGenerationException($"{path}: list map key '{key}' is not a field of the items.");
            }

            if (item.Required?.Contains(key) != true && keySchema.DefaultProperty is null)
            {
                throw new CrdGenerationException($"{path}: list map key '{key}' must be [Required] or have a [DefaultValue] in the item type.");
            }
        }

        schema.XKubernetesListMapKeys = mapKeys.Keys.ToList();
    }

    private static void Require(V1JSONSchemaProps schema, string type, string attribute, string path)
    {
        if (schema.Type != type)
        {
            throw new CrdGenerationException($"{path}: {attribute} applies to {type} fields, but this field is {schema.Type ?? "untyped"}.");
        }
    }

    private static void RequireNumber(V1JSONSchemaProps schema, string attribute, string path)
    {
        if (schema.Type is not (SchemaTypes.Integer or SchemaTypes.Number))
        {
            throw new CrdGenerationException($"{path}: {attribute} applies to integer or number fields, but this field is {schema.Type ?? "untyped"}.");
        }
    }
}
