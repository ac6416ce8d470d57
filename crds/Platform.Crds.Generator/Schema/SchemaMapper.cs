using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Generator.Schema;

/// <summary>
/// Maps CLR types to structural OpenAPI v3 schemas with KubeOps' type mapping, plus the schema attributes.
/// One instance per generator run: it tracks the objects being mapped (to catch type cycles) and collects warnings.
/// </summary>
internal sealed class SchemaMapper
{
    private const string ApiVersionDescription =
        "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources";

    private const string KindDescription =
        "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";

    private const string MetadataDescription =
        "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

    private static readonly Assembly KubernetesModels = typeof(V1ObjectMeta).Assembly;

    private static readonly Dictionary<string, string> RootDescriptions = new(StringComparer.Ordinal)
    {
        ["apiVersion"] = ApiVersionDescription,
        ["kind"] = KindDescription,
        ["metadata"] = MetadataDescription,
    };

    private readonly NullabilityInfoContext nullability = new();
    private readonly List<Type> objectsInProgress = [];
    private readonly List<string> warnings = [];

    /// <summary>Fields without a description (kubectl explain would show nothing), as schema paths.</summary>
    public IReadOnlyList<string> Warnings => warnings;

    /// <summary>The openAPIV3Schema of one entity version; <paramref name="path"/> prefixes error messages.</summary>
    public V1JSONSchemaProps MapEntity(Type entityType, string path) => MapObject(entityType, path, stopAtCycle: false, isRoot: true);

    /// <summary>Maps a type; <paramref name="info"/> carries the nullability of reference types and generic arguments.</summary>
    public V1JSONSchemaProps MapType(Type type, NullabilityInfo? info, string path, bool stopAtCycle)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            var inner = MapType(underlying, null, path, stopAtCycle);
            inner.Nullable = true;
            return inner;
        }

        if (MapWellKnown(type) is { } wellKnown)
        {
            return wellKnown;
        }

        if (type.IsEnum)
        {
            return new V1JSONSchemaProps
            {
                Type = SchemaTypes.String,
                EnumProperty = EnumNames(type),
            };
        }

        if (DictionaryValueType(type, info) is { } dictionary)
        {
            return new V1JSONSchemaProps
            {
                Type = SchemaTypes.Object,
                AdditionalProperties = MapElement(dictionary.Type, dictionary.Info, $"{path}.*", stopAtCycle),
            };
        }

        if (typeof(IDictionary).IsAssignableFrom(type))
        {
            return new V1JSONSchemaProps { Type = SchemaTypes.Object, XKubernetesPreserveUnknownFields = true };
        }

        if (ElementType(type, info) is { } element)
        {
            if (element.Type.IsGenericType && element.Type.GetGenericTypeDefinition() == typeof(KeyValuePair<,>))
            {
                return new V1JSONSchemaProps
                {
                    Type = SchemaTypes.Object,
                    AdditionalProperties = MapElement(element.Type.GetGenericArguments()[1], null, $"{path}.*", stopAtCycle),
                };
            }

            return new V1JSONSchemaProps
            {
                Type = SchemaTypes.Array,
                Items = MapElement(element.Type, element.Info, $"{path}[*]", stopAtCycle),
            };
        }

        if (typeof(IKubernetesObject).IsAssignableFrom(type) && type.Assembly == KubernetesModels && !type.IsAbstract)
        {
            // A whole built-in object (e.g. a Pod template): kept as-is and validated by the API server as an object.
            return new V1JSONSchemaProps
            {
                Type = SchemaTypes.Object,
                XKubernetesEmbeddedResource = true,
                XKubernetesPreserveUnknownFields = true,
            };
        }

        // Framework types (TimeSpan, Type, Version, ...) have no agreed wire form; only the well-known ones above map.
        if (type.IsInterface || type.IsPointer || type.IsByRef || typeof(Delegate).IsAssignableFrom(type)
            || type.IsPrimitive || type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true)
        {
            throw new CrdGenerationException(
                $"{path}: {type.FullName} has no schema mapping; use string, a number, bool, DateTime, an enum, a class, a list or a dictionary.");
        }

        return MapObject(type, path, stopAtCycle, isRoot: false);
    }

    private V1JSONSchemaProps MapElement(Type type, NullabilityInfo? info, string path, bool stopAtCycle)
    {
        var schema = MapType(type, info, path, stopAtCycle);
        if (info?.ReadState == NullabilityState.Nullable)
        {
            schema.Nullable = true;
        }

        return schema;
    }

    private V1JSONSchemaProps MapObject(Type type, string path, bool stopAtCycle, bool isRoot)
    {
        var typePreservesUnknown = type.GetCustomAttribute<PreserveUnknownFieldsAttribute>(inherit: true) is not null;
        if (objectsInProgress.Contains(type))
        {
            if (stopAtCycle || typePreservesUnknown)
            {
                return new V1JSONSchemaProps
                {
                    Type = SchemaTypes.Object,
                    Description = type.GetCustomAttribute<DescriptionAttribute>(inherit: true)?.Description,
                    XKubernetesPreserveUnknownFields = true,
                };
            }

            var chain = string.Join(" -> ", objectsInProgress.Append(type).Select(t => t.Name));
            throw new CrdGenerationException(
                $"{path}: type cycle {chain}. A structural schema cannot recurse; mark the property [PreserveUnknownFields] or [Ignore].");
        }

        LookAlikeAttributeGuard.Check(type, path);
        objectsInProgress.Add(type);
        try
        {
            var properties = new SortedDictionary<string, V1JSONSchemaProps>(StringComparer.Ordinal);
            var required = new List<string>();
            foreach (var property in SchemaProperties.Of(type, path))
            {
                var rootDescription = isRoot ? RootDescriptions.GetValueOrDefault(property.JsonName) : null;
                properties[property.JsonName] = MapProperty(property, path, rootDescription);
                if (property.Property.GetCustomAttribute<RequiredAttribute>(inherit: true) is not null)
                {
                    required.Add(property.JsonName);
                }
            }

            // A required field inside spec means a manifest without spec is invalid too.
            if (isRoot && properties.TryGetValue("spec", out var spec) && spec.Required is { Count: > 0 } && !required.Contains("spec"))
            {
                required.Add("spec");
                required.Sort(StringComparer.Ordinal);
            }

            var schema = new V1JSONSchemaProps
            {
                Type = SchemaTypes.Object,
                Description = type.GetCustomAttribute<DescriptionAttribute>(inherit: true)?.Description,
                Title = type.GetCustomAttribute<TitleAttribute>(inherit: true)?.Title,
                Properties = properties.Count > 0 ? properties : null,
                Required = required.Count > 0 ? required : null,
                XKubernetesPreserveUnknownFields = typePreservesUnknown ? true : null,
            };

            AddValidationRules(schema, type.GetCustomAttributes<ValidationRuleAttribute>(inherit: true));
            BuiltInModelFacts.Apply(type, schema);
            return schema;
        }
        finally
        {
            objectsInProgress.RemoveAt(objectsInProgress.Count - 1);
        }
    }

    private V1JSONSchemaProps MapProperty(SchemaProperty property, string parentPath, string? rootDescription)
    {
        var clr = property.Property;
        var path = $"{parentPath}.{property.JsonName}";
        LookAlikeAttributeGuard.Check(clr, path);
        var info = nullability.Create(clr);
        var stopAtCycle = clr.GetCustomAttribute<PreserveUnknownFieldsAttribute>(inherit: true) is not null
            || clr.GetCustomAttribute<EmbeddedResourceAttribute>(inherit: true) is not null;

        var schema = MapType(clr.PropertyType, info, path, stopAtCycle);
        if (info.ReadState == NullabilityState.Nullable)
        {
            schema.Nullable = true;
        }

        schema.Description = clr.GetCustomAttribute<DescriptionAttribute>(inherit: true)?.Description
            ?? rootDescription
            ?? schema.Description;

        PropertyConstraints.Apply(clr, schema, path);

        if (string.IsNullOrWhiteSpace(schema.Description) && clr.DeclaringType?.Assembly != KubernetesModels)
        {
            warnings.Add($"{path} has no [Description]; kubectl explain shows nothing for it.");
        }

        return schema;
    }

    internal static void AddValidationRules(V1JSONSchemaProps schema, IEnumerable<ValidationRuleAttribute> rules)
    {
        foreach (var rule in rules)
        {
            schema.XKubernetesValidations ??= new List<V1ValidationRule>();
            schema.XKubernetesValidations.Add(new V1ValidationRule
            {
                Rule = rule.Rule,
                FieldPath = rule.FieldPath,
                Message = rule.Message,
                MessageExpression = rule.MessageExpression,
                Reason = rule.Reason,
            });
        }
    }

    private static V1JSONSchemaProps? MapWellKnown(Type type)
    {
        if (type == typeof(string) || type == typeof(char))
        {
            return new V1JSONSchemaProps { Type = SchemaTypes.String };
        }

        if (type == typeof(bool))
        {
            return new V1JSONSchemaProps { Type = SchemaTypes.Boolean };
        }

        if (type == typeof(int) || type == typeof(short) || type == typeof(sbyte))
        {
            return new V1JSONSchemaProps { Type = SchemaTypes.Integer, Format = SchemaTypes.Int32 };
        }

        if (type == typeof(byte) || type == typeof(ushort))
        {
            return new V1JSONSchemaProps
            {
                Type = SchemaTypes.Integer,
                Format = SchemaTypes.Int32,
                Minimum = 0,
                Maximum = type == typeof(byte) ? byte.MaxValue : ushort.MaxValue,
            };
        }

        if (type == typeof(long))
        {
            return new V1JSONSchemaProps { Type = SchemaTypes.Integer, Format = SchemaTypes.Int64 };
        }

        if (type == typeof(uint))
        {
            return new V1JSONSchemaProps { Type = SchemaTypes.Integer, Format = SchemaTypes.Int64, Minimum = 0, Maximum = uint.MaxValue };
        }

        if (type == typeof(ulong))
        {
            return new V1JSONSchemaProps { Type = SchemaTypes.Integer, Minimum = 0 };
        }

        if (type == typeof(float))
        {
            return new V1JSONSchemaProps { Type = SchemaTypes.Number, Format = SchemaTypes.Float };
        }

        if (type == typeof(double))
        {
            return new V1JSONSchemaProps { Type = SchemaTypes.Number, Format = SchemaTypes.Double };
        }

        if (type == typeof(decimal))
        {
            return new V1JSONSchemaProps { Type = SchemaTypes.Number, Format = SchemaTypes.Decimal };
        }

        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return new V1JSONSchemaProps { Type = SchemaTypes.String, Format = SchemaTypes.DateTime };
        }

        if (type == typeof(DateOnly))
        {
            return new V1JSONSchemaProps { Type = SchemaTypes.String, Format = SchemaTypes.Date };
        }

        if (type == typeof(Guid))
        {
            return new V1JSONSchemaProps { Type = SchemaTypes.String, Format = SchemaTypes.Uuid };
        }

        if (type == typeof(Uri))
        {
            return new V1JSONSchemaProps { Type = SchemaTypes.String, Format = "uri" };
        }

        if (type == typeof(byte[]))
        {
            return new V1JSONSchemaProps { Type = SchemaTypes.String, Format = SchemaTypes.Byte };
        }

        if (type == typeof(IntOrString))
        {
            return new V1JSONSchemaProps { XKubernetesIntOrString = true };
        }

        if (type == typeof(ResourceQuantity))
        {
            return new V1JSONSchemaProps { Type = SchemaTypes.String };
        }

        if (type == typeof(V1ObjectMeta))
        {
            return new V1JSONSchemaProps { Type = SchemaTypes.Object };
        }

        if (type == typeof(object) || type == typeof(JsonObject))
        {
            return new V1JSONSchemaProps { Type = SchemaTypes.Object, XKubernetesPreserveUnknownFields = true };
        }

        if (type == typeof(JsonArray))
        {
            return new V1JSONSchemaProps { Type = SchemaTypes.Array, Items = new V1JSONSchemaProps { XKubernetesPreserveUnknownFields = true } };
        }

        // Any JSON value: structural schemas allow an untyped node only with preserve-unknown-fields.
        if (type == typeof(JsonElement) || type == typeof(JsonNode) || type == typeof(JsonValue))
        {
            return new V1JSONSchemaProps { XKubernetesPreserveUnknownFields = true };
        }

        return null;
    }

    private static List<object> EnumNames(Type enumType) =>
        enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .OrderBy(f => f.MetadataToken)
            .Select(f => (object)(f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name))
            .ToList();

    private static (Type Type, NullabilityInfo? Info)? DictionaryValueType(Type type, NullabilityInfo? info)
    {
        var dictionary = GenericInterface(type, typeof(IDictionary<,>)) ?? GenericInterface(type, typeof(IReadOnlyDictionary<,>));
        if (dictionary is null)
        {
            return null;
        }

        var valueInfo = info is { GenericTypeArguments.Length: 2 } ? info.GenericTypeArguments[1] : null;
        return (dictionary.GetGenericArguments()[1], valueInfo);
    }

    private static (Type Type, NullabilityInfo? Info)? ElementType(Type type, NullabilityInfo? info)
    {
        if (type == typeof(string))
        {
            return null;
        }

        if (type.IsArray)
        {
            return (type.GetElementType()!, info?.ElementType);
        }

        var enumerable = GenericInterface(type, typeof(IEnumerable<>));
        if (enumerable is null)
        {
            return null;
        }

        var elementInfo = info is { GenericTypeArguments.Length: 1 } ? info.GenericTypeArguments[0] : null;
        return (enumerable.GetGenericArguments()[0], elementInfo);
    }

    private static Type? GenericInterface(Type type, Type openGeneric)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == openGeneric)
        {
            return type;
        }

        return type.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == openGeneric)
            .OrderBy(i => i.FullName, StringComparer.Ordinal)
            .FirstOrDefault();
    }
}
