using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Generator.Schema;

/// <summary>Lists the serialized properties of a type the way KubernetesJson writes them.</summary>
internal static class SchemaProperties
{
    /// <summary>
    /// Public readable instance properties, minus <see cref="IgnoreAttribute"/> and <see cref="JsonIgnoreAttribute"/>
    /// (Always), named by <see cref="JsonPropertyNameAttribute"/> or camelCase (KubernetesJson's naming policy),
    /// sorted ordinally by that name. A property hidden with <c>new</c> is represented by the most derived one.
    /// </summary>
    public static IReadOnlyList<SchemaProperty> Of(Type type, string? path = null)
    {
        var byClrName = new Dictionary<string, PropertyInfo>(StringComparer.Ordinal);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetMethod is null || !property.GetMethod.IsPublic)
            {
                continue;
            }

            if (!byClrName.TryGetValue(property.Name, out var existing)
                || (property.DeclaringType is { } declaring && existing.DeclaringType is { } other && declaring.IsSubclassOf(other)))
            {
                byClrName[property.Name] = property;
            }
        }

        var result = new List<SchemaProperty>();
        var seen = new Dictionary<string, PropertyInfo>(StringComparer.Ordinal);
        foreach (var property in byClrName.Values)
        {
            if (property.GetCustomAttribute<IgnoreAttribute>(inherit: true) is not null
                || property.GetCustomAttribute<JsonIgnoreAttribute>(inherit: true) is { Condition: JsonIgnoreCondition.Always })
            {
                continue;
            }

            var name = JsonName(property);
            if (seen.TryGetValue(name, out var clash))
            {
                throw new CrdGenerationException(
                    $"{path ?? type.FullName}: properties {clash.Name} and {property.Name} both serialize as '{name}'.");
            }

            seen[name] = property;
            result.Add(new SchemaProperty(property, name));
        }

        result.Sort((a, b) => string.CompareOrdinal(a.JsonName, b.JsonName));
        return result;
    }

    /// <summary>The JSON name of a property.</summary>
    public static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>(inherit: true)?.Name
        ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
}
