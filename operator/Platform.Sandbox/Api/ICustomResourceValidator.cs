using System.Text.Json.Nodes;
using k8s.Models;

namespace Platform.Sandbox.Api;

/// <summary>
/// Structural-schema hook for custom resources. The request pipeline calls it on create and update of a
/// custom resource (main resource and status subresource) after mutating admission and before validating
/// admission and storage, as the apiextensions server does.
/// </summary>
public interface ICustomResourceValidator
{
    /// <summary>
    /// Defaults and prunes <paramref name="obj"/> in place against the CRD version's
    /// <paramref name="schema"/>, then validates it (including transition rules against
    /// <paramref name="old"/> when updating). An empty list means the object is valid; otherwise the
    /// server answers 422 Invalid with one <c>details.causes</c> entry per error.
    /// </summary>
    IReadOnlyList<FieldError> ValidateAndDefault(V1JSONSchemaProps schema, JsonObject obj, JsonObject? old);

    /// <summary>
    /// Applies the schema's defaults alone: when a request body is decoded (before mutating webhooks see it)
    /// and when an object is read back from storage, so a default added to a CRD later shows on old objects.
    /// </summary>
    void ApplyDefaults(V1JSONSchemaProps schema, JsonObject obj)
    {
    }

    /// <summary>
    /// Compile-checks a CRD version's <c>x-kubernetes-validations</c> rules (paths relative to
    /// <c>openAPIV3Schema</c>); a CRD with a rule that does not compile is rejected with 422.
    /// </summary>
    IReadOnlyList<FieldError> CheckRules(V1JSONSchemaProps schema) => [];
}
