using System.Text.Json.Nodes;
using k8s.Models;

namespace Platform.Sandbox.Api;

/// <summary>
/// Structural-schema hook for custom resources. The request pipeline calls it on create and update of a
/// custom resource (main resource and status subresource) before admission and storage.
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
}
