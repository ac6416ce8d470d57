using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Platform.Sandbox.Schema.Cel;

namespace Platform.Sandbox.Schema;

/// <summary>
/// One node of a CRD's openAPIV3Schema, read once into a form that is cheap to walk on every request
/// (regexes and CEL programs compiled, numbers parsed).
/// </summary>
internal sealed class StructuralSchema
{
    public string? Type { get; init; }
    public string? Format { get; init; }
    public bool Nullable { get; init; }
    public IReadOnlyDictionary<string, StructuralSchema>? Properties { get; init; }
    public StructuralSchema? Items { get; init; }
    public StructuralSchema? AdditionalProperties { get; init; }

    /// <summary><c>additionalProperties: false</c> was written explicitly.</summary>
    public bool AdditionalPropertiesForbidden { get; init; }

    public JsonNode? Default { get; init; }
    public bool HasDefault { get; init; }
    public IReadOnlyList<JsonNode?>? Enum { get; init; }
    public double? Maximum { get; init; }
    public bool ExclusiveMaximum { get; init; }
    public double? Minimum { get; init; }
    public bool ExclusiveMinimum { get; init; }
    public double? MultipleOf { get; init; }
    public long? MaxItems { get; init; }
    public long? MinItems { get; init; }
    public bool UniqueItems { get; init; }
    public long? MaxLength { get; init; }
    public long? MinLength { get; init; }
    public string? Pattern { get; init; }
    public Regex? PatternRegex { get; init; }
    public long? MaxProperties { get; init; }
    public long? MinProperties { get; init; }
    public IReadOnlyList<string> Required { get; init; } = [];
    public bool PreserveUnknownFields { get; init; }
    public bool EmbeddedResource { get; init; }
    public bool IntOrString { get; init; }
    public string? ListType { get; init; }
    public IReadOnlyList<string> ListMapKeys { get; init; } = [];
    public IReadOnlyList<StructuralSchema> AllOf { get; init; } = [];
    public IReadOnlyList<StructuralSchema> AnyOf { get; init; } = [];
    public IReadOnlyList<StructuralSchema> OneOf { get; init; } = [];
    public StructuralSchema? Not { get; init; }
    public IReadOnlyList<CelRule> Rules { get; init; } = [];

    /// <summary>True when this node or any node below carries CEL rules (lets the rule walk skip subtrees).</summary>
    public bool HasRulesBelow { get; init; }

    /// <summary>The type name CEL errors report as the bad value ("object", "string", ...).</summary>
    public string TypeForMessages => IntOrString ? "integer-or-string" : Type ?? (EmbeddedResource || Properties is not null ? "object" : "");
}
