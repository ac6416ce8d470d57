using System.Text.Json.Nodes;
using k8s.Models;
using Platform.Sandbox.Api;
using Platform.Sandbox.Schema.Cel;

namespace Platform.Sandbox.Schema;

/// <summary>
/// What the apiextensions server does with a custom resource's body: prune unknown fields, apply defaults,
/// validate against the structural schema, then evaluate the CEL rules (transition rules against the stored
/// object). Schemas and CEL programs are compiled once and cached.
/// </summary>
internal sealed class CustomResourceSchemaPipeline : ICustomResourceValidator
{
    private readonly StructuralSchemaReader reader;

    public CustomResourceSchemaPipeline()
        : this(new CelRuleCompiler())
    {
    }

    public CustomResourceSchemaPipeline(CelRuleCompiler compiler) => reader = new StructuralSchemaReader(compiler);

    public IReadOnlyList<FieldError> ValidateAndDefault(V1JSONSchemaProps schema, JsonObject obj, JsonObject? old)
    {
        var structural = reader.Read(schema);
        SchemaPruner.Prune(obj, structural);
        SchemaDefaulter.Apply(obj, structural);
        var errors = new List<FieldError>();
        SchemaValueValidator.Validate(obj, structural, "", errors);
        CelRuleEvaluator.Evaluate(obj, old, old is not null, structural, "", errors);
        return errors;
    }

    /// <summary>
    /// Defaulting alone, for objects read back from storage (upstream defaults on read too, so a default added to
    /// a CRD later shows up on existing objects).
    /// </summary>
    public void ApplyDefaults(V1JSONSchemaProps schema, JsonObject obj) => SchemaDefaulter.Apply(obj, reader.Read(schema));

    /// <summary>
    /// Compile-checks every <c>x-kubernetes-validations</c> rule of a CRD version's schema, for rejecting a CRD
    /// whose rules do not compile (paths are relative to <c>openAPIV3Schema</c>).
    /// </summary>
    public IReadOnlyList<FieldError> CheckRules(V1JSONSchemaProps schema)
    {
        var errors = new List<FieldError>();
        CheckRules(reader.Read(schema), "openAPIV3Schema", errors);
        return errors;
    }

    private static void CheckRules(StructuralSchema schema, string path, List<FieldError> errors)
    {
        for (var i = 0; i < schema.Rules.Count; i++)
        {
            var rule = schema.Rules[i];
            var rulePath = $"{path}.x-kubernetes-validations[{i}]";
            if (rule.Program.Error is { } error)
            {
                errors.Add(FieldErrors.Invalid(rulePath + ".rule", rule.Rule, error));
            }

            if (rule.MessageProgram?.Error is { } messageError)
            {
                errors.Add(FieldErrors.Invalid(rulePath + ".messageExpression", rule.MessageExpression, messageError));
            }
        }

        foreach (var (name, prop) in schema.Properties ?? new Dictionary<string, StructuralSchema>())
        {
            CheckRules(prop, $"{path}.properties[{name}]", errors);
        }

        if (schema.Items is { } items)
        {
            CheckRules(items, path + ".items", errors);
        }

        if (schema.AdditionalProperties is { } additional)
        {
            CheckRules(additional, path + ".additionalProperties", errors);
        }
    }
}
