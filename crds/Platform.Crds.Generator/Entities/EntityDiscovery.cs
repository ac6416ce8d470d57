using System.Reflection;
using System.Text.RegularExpressions;
using k8s.Models;
using Platform.Operator.Abstractions.Entities;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Generator.Entities;

/// <summary>Finds the entity classes among a set of types and reads their identity attributes.</summary>
internal static partial class EntityDiscovery
{
    /// <summary>
    /// Entities are concrete classes deriving from <see cref="CustomKubernetesEntity"/> that carry
    /// <see cref="KubernetesEntityAttribute"/> and not <see cref="IgnoreEntityAttribute"/>, ordered by
    /// apiVersion and kind so output never depends on reflection order.
    /// </summary>
    public static IReadOnlyList<EntityDefinition> Find(IEnumerable<Type> types) =>
        types
            .Where(IsEntity)
            .Select(Describe)
            .OrderBy(e => e.Group, StringComparer.Ordinal)
            .ThenBy(e => e.Kind, StringComparer.Ordinal)
            .ThenBy(e => e.Version, StringComparer.Ordinal)
            .ToList();

    /// <summary>Whether the type is a generatable entity.</summary>
    public static bool IsEntity(Type type) =>
        type is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false }
        && type.IsSubclassOf(typeof(CustomKubernetesEntity))
        && type.GetCustomAttribute<KubernetesEntityAttribute>(inherit: true) is not null
        && type.GetCustomAttribute<IgnoreEntityAttribute>(inherit: true) is null;

    /// <summary>Reads group, version, kind, names and scope of an entity class.</summary>
    public static EntityDefinition Describe(Type type)
    {
        var entity = type.GetCustomAttribute<KubernetesEntityAttribute>(inherit: true)
            ?? throw new CrdGenerationException($"{type.FullName} has no [KubernetesEntity] attribute.");

        if (string.IsNullOrWhiteSpace(entity.Kind))
        {
            throw new CrdGenerationException($"{type.FullName}: [KubernetesEntity] needs a Kind.");
        }

        if (string.IsNullOrWhiteSpace(entity.ApiVersion) || !Dns1035Label().IsMatch(entity.ApiVersion))
        {
            throw new CrdGenerationException(
                $"{type.FullName}: [KubernetesEntity] ApiVersion '{entity.ApiVersion}' must be a version name such as v1 or v1beta1 (a DNS-1035 label; the group goes in Group).");
        }

        // A CRD's group must contain a dot; the empty (core) group belongs to built-in kinds only.
        if (string.IsNullOrWhiteSpace(entity.Group) || !entity.Group.Contains('.', StringComparison.Ordinal))
        {
            throw new CrdGenerationException(
                $"{type.FullName}: [KubernetesEntity] Group '{entity.Group}' must be a DNS subdomain with at least one dot, e.g. example.com.");
        }

        var plural = string.IsNullOrWhiteSpace(entity.PluralName) ? Pluralize(entity.Kind.ToLowerInvariant()) : entity.PluralName;
        if (!Dns1035Label().IsMatch(plural))
        {
            throw new CrdGenerationException($"{type.FullName}: plural name '{plural}' must be a lowercase DNS-1035 label.");
        }

        var scope = type.GetCustomAttribute<EntityScopeAttribute>(inherit: true)?.Scope ?? EntityScope.Namespaced;
        var shortNames = type.GetCustomAttribute<KubernetesEntityShortNamesAttribute>(inherit: true)?.ShortNames ?? [];

        return new EntityDefinition(
            type,
            entity.Group,
            entity.ApiVersion,
            entity.Kind,
            plural,
            scope == EntityScope.Cluster ? "Cluster" : "Namespaced",
            shortNames.ToList(),
            type.GetCustomAttribute<StorageVersionAttribute>(inherit: true) is not null);
    }

    /// <summary>English plural of a lowercase kind, the way Kubernetes tooling guesses it.</summary>
    public static string Pluralize(string singular)
    {
        if (singular.EndsWith('y') && singular.Length > 1 && !"aeiou".Contains(singular[^2], StringComparison.Ordinal))
        {
            return string.Concat(singular.AsSpan(0, singular.Length - 1), "ies");
        }

        string[] sibilantEndings = ["s", "x", "z", "ch", "sh"];
        return sibilantEndings.Any(e => singular.EndsWith(e, StringComparison.Ordinal)) ? singular + "es" : singular + "s";
    }

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1035Label();
}
