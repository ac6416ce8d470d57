using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Platform.Sandbox.Errors;
using Platform.Sandbox.Resources;

namespace Platform.Sandbox.Rest;

/// <summary>
/// Decodes built-in objects into their typed models, as the real server decodes into Go structs: a field
/// of the wrong JSON type (a number where a string belongs, an object for a list) is a 400 BadRequest.
/// </summary>
internal static class WireShapeCheck
{
    private static readonly Dictionary<(string Group, string Version, string Kind), Type> Models = Discover();
    private static readonly ConcurrentDictionary<Type, Func<JsonNode, object?>> Decoders = new();
    private static readonly MethodInfo DeserializeNode = typeof(KubernetesJson).GetMethods()
        .Single(m => m.Name == nameof(KubernetesJson.Deserialize) && m.GetParameters()[0].ParameterType == typeof(JsonNode));

    public static void Check(ResourceType type, JsonObject obj)
    {
        if (type.IsCustom || !Models.TryGetValue((type.Group, type.Version, type.Kind), out var model))
        {
            return;
        }

        var decode = Decoders.GetOrAdd(model, m =>
        {
            var generic = DeserializeNode.MakeGenericMethod(m);
            return node => generic.Invoke(null, [node, null]);
        });
        try
        {
            decode(obj);
        }
        catch (TargetInvocationException e) when (e.InnerException is JsonException or FormatException or InvalidOperationException)
        {
            throw ApiErrors.BadRequest($"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: {e.InnerException.Message}");
        }
    }

    private static Dictionary<(string, string, string), Type> Discover()
    {
        var result = new Dictionary<(string, string, string), Type>();
        foreach (var t in typeof(V1Pod).Assembly.GetTypes())
        {
            if (t.GetCustomAttribute<KubernetesEntityAttribute>() is { } a && a.Kind is not null && !t.Name.EndsWith("List", StringComparison.Ordinal))
            {
                result.TryAdd((a.Group ?? "", a.ApiVersion ?? "", a.Kind), t);
            }
        }

        return result;
    }
}
