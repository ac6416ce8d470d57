using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using Platform.Sandbox.Schema.Cel;

namespace Platform.Sandbox.Schema;

/// <summary>
/// Turns a <see cref="V1JSONSchemaProps"/> (whose items/additionalProperties/default/enum are untyped and may be
/// JsonElements or model objects) into a <see cref="StructuralSchema"/> tree. Results are cached per schema
/// instance, so a CRD version's schema is read once.
/// </summary>
internal sealed class StructuralSchemaReader
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);
    private readonly ConditionalWeakTable<V1JSONSchemaProps, StructuralSchema> cache = [];
    private readonly CelRuleCompiler compiler;

    public StructuralSchemaReader(CelRuleCompiler compiler) => this.compiler = compiler;

    public StructuralSchema Read(V1JSONSchemaProps schema) =>
        cache.GetValue(schema, s => Read(JsonNode.Parse(KubernetesJson.Serialize(s)) as JsonObject ?? []));

    public StructuralSchema Read(JsonObject node)
    {
        var properties = node["properties"] is JsonObject props
            ? props.Where(p => p.Value is JsonObject).ToDictionary(p => p.Key, p => Read((JsonObject)p.Value!), StringComparer.Ordinal)
            : null;
        var items = node["items"] switch
        {
            JsonObject o => Read(o),
            JsonArray { Count: > 0 } a when a[0] is JsonObject first => Read(first),
            _ => null,
        };
        var additional = node["additionalProperties"] as JsonObject;
        var additionalForbidden = node["additionalProperties"] is JsonValue v && v.GetValueKind() == JsonValueKind.False;
        var pattern = Str(node, "pattern");
        var rules = ReadRules(node["x-kubernetes-validations"] as JsonArray);
        var allOf = ReadList(node["allOf"]);
        var anyOf = ReadList(node["anyOf"]);
        var oneOf = ReadList(node["oneOf"]);
        var not = node["not"] is JsonObject n ? Read(n) : null;
        var itemsSchema = items;
        var additionalSchema = additional is null ? null : Read(additional);
        var hasRulesBelow = rules.Count > 0
            || (properties?.Values.Any(p => p.HasRulesBelow) ?? false)
            || (itemsSchema?.HasRulesBelow ?? false)
            || (additionalSchema?.HasRulesBelow ?? false);
        return new StructuralSchema
        {
            Type = Str(node, "type"),
            Format = Str(node, "format"),
            Nullable = Bool(node, "nullable"),
            Properties = properties,
            Items = itemsSchema,
            AdditionalProperties = additionalSchema,
            AdditionalPropertiesForbidden = additionalForbidden,
            HasDefault = node.ContainsKey("default") && node["default"] is not null,
            Default = node["default"]?.DeepClone(),
            Enum = node["enum"] is JsonArray e ? e.Select(x => x?.DeepClone()).ToList() : null,
            Maximum = Num(node, "maximum"),
            ExclusiveMaximum = Bool(node, "exclusiveMaximum"),
            Minimum = Num(node, "minimum"),
            ExclusiveMinimum = Bool(node, "exclusiveMinimum"),
            MultipleOf = Num(node, "multipleOf"),
            MaxItems = Long(node, "maxItems"),
            MinItems = Long(node, "minItems"),
            UniqueItems = Bool(node, "uniqueItems"),
            MaxLength = Long(node, "maxLength"),
            MinLength = Long(node, "minLength"),
            Pattern = pattern,
            PatternRegex = pattern is null ? null : CompilePattern(pattern),
            MaxProperties = Long(node, "maxProperties"),
            MinProperties = Long(node, "minProperties"),
            Required = Strings(node, "required"),
            PreserveUnknownFields = Bool(node, "x-kubernetes-preserve-unknown-fields"),
            EmbeddedResource = Bool(node, "x-kubernetes-embedded-resource"),
            IntOrString = Bool(node, "x-kubernetes-int-or-string"),
            ListType = Str(node, "x-kubernetes-list-type"),
            ListMapKeys = Strings(node, "x-kubernetes-list-map-keys"),
            AllOf = allOf,
            AnyOf = anyOf,
            OneOf = oneOf,
            Not = not,
            Rules = rules,
            HasRulesBelow = hasRulesBelow,
        };
    }

    private List<StructuralSchema> ReadList(JsonNode? node) =>
        node is JsonArray a ? a.OfType<JsonObject>().Select(Read).ToList() : [];

    private List<CelRule> ReadRules(JsonArray? rules)
    {
        if (rules is null)
        {
            return [];
        }

        var result = new List<CelRule>(rules.Count);
        foreach (var r in rules.OfType<JsonObject>())
        {
            var text = Str(r, "rule") ?? "";
            var messageExpression = Str(r, "messageExpression");
            result.Add(new CelRule(
                text,
                Str(r, "message"),
                messageExpression,
                Str(r, "fieldPath"),
                Str(r, "reason"),
                compiler.Compile(text),
                string.IsNullOrWhiteSpace(messageExpression) ? null : compiler.Compile(messageExpression),
                CelRuleCompiler.ReferencesOldSelf(text)));
        }

        return result;
    }

    private static Regex? CompilePattern(string pattern)
    {
        // Schema patterns are ECMA-262 regexes; .NET's ECMAScript mode rejects some constructs (\p{..}),
        // in which case the default dialect is the closer match.
        try
        {
            return new Regex(pattern, RegexOptions.ECMAScript, RegexTimeout);
        }
        catch (ArgumentException)
        {
            try
            {
                return new Regex(pattern, RegexOptions.CultureInvariant, RegexTimeout);
            }
            catch (ArgumentException)
            {
                return null;
            }
        }
    }

    private static string? Str(JsonObject o, string name) =>
        o[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static List<string> Strings(JsonObject o, string name) =>
        o[name] is JsonArray a
            ? a.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>()).ToList()
            : [];

    private static bool Bool(JsonObject o, string name) =>
        o[name] is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    private static double? Num(JsonObject o, string name) =>
        o[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            ? double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
            : null;

    private static long? Long(JsonObject o, string name) => Num(o, name) is { } d ? (long)d : null;
}
