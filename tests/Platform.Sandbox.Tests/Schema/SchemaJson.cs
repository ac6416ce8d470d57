using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Platform.Sandbox.Api;

namespace Platform.Sandbox.Tests.Schema;

/// <summary>Test shorthands: schemas and objects written as JSON, errors rendered as "path: detail".</summary>
internal static class SchemaJson
{
    public static V1JSONSchemaProps Schema(string json) => KubernetesJson.Deserialize<V1JSONSchemaProps>(json);

    public static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>A root object schema whose <c>spec</c> is the given schema.</summary>
    public static V1JSONSchemaProps SpecSchema(string specJson) =>
        Schema("""{"type":"object","properties":{"spec":""" + specJson + "}}");

    public static string Render(FieldError e) => string.IsNullOrEmpty(e.Path) ? e.Detail : $"{e.Path}: {e.Detail}";
}
