using System.Reflection;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace Platform.Webhooks.Registration;

/// <summary>
/// Finds the served versions of a webhook's entity type: the type itself when it carries [KubernetesEntity],
/// otherwise every concrete subclass in its assembly that does (e.g. the three ServiceEntry versions).
/// </summary>
internal static class EntityVersionCatalog
{
    private static readonly MethodInfo DeserializeElement = typeof(KubernetesJson).GetMethods(BindingFlags.Public | BindingFlags.Static)
        .Single(m => m.Name == nameof(KubernetesJson.Deserialize) && m.IsGenericMethodDefinition &&
                     m.GetParameters() is [{ ParameterType: var p }, _] && p == typeof(JsonElement));

    public static IReadOnlyList<EntityVersion> Resolve(Type entityType)
    {
        var candidates = entityType.GetCustomAttribute<KubernetesEntityAttribute>() is not null && !entityType.IsAbstract
            ? [entityType]
            : entityType.Assembly.GetTypes()
                .Where(t => !t.IsAbstract && entityType.IsAssignableFrom(t) && t.GetCustomAttribute<KubernetesEntityAttribute>() is not null)
                .OrderBy(t => t.FullName, StringComparer.Ordinal)
                .ToArray();

        if (candidates.Length == 0)
        {
            throw new InvalidOperationException(
                $"{entityType.FullName} is not a [KubernetesEntity] and has no concrete [KubernetesEntity] subclass in its assembly; a webhook needs to know which group, version and kind it serves.");
        }

        return [.. candidates.Select(Describe)];
    }

    private static EntityVersion Describe(Type type)
    {
        var attribute = type.GetCustomAttribute<KubernetesEntityAttribute>()!;
        var decode = DeserializeElement.MakeGenericMethod(type).CreateDelegate<Func<JsonElement, JsonSerializerOptions?, object?>>();
        return new EntityVersion(
            attribute.Group ?? "",
            attribute.ApiVersion,
            attribute.Kind,
            attribute.PluralName ?? attribute.Kind.ToLowerInvariant() + "s",
            type,
            element => decode(element, null));
    }
}
