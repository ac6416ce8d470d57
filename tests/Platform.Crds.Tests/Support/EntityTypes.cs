using Platform.Crds.Common;
using Platform.Crds.Generator.Entities;

namespace Platform.Crds.Tests.Support;

/// <summary>The entity class for each apiVersion and kind in Platform.Crds.</summary>
internal static class EntityTypes
{
    private static readonly Dictionary<string, EntityDefinition> ByApiVersionAndKind =
        EntityDiscovery.Find(PlatformCrdsAssembly.Instance.GetTypes())
            .ToDictionary(e => Key(e.ApiVersion, e.Kind), StringComparer.Ordinal);

    public static IReadOnlyCollection<EntityDefinition> All => ByApiVersionAndKind.Values;

    public static EntityDefinition? Find(string apiVersion, string kind) => ByApiVersionAndKind.GetValueOrDefault(Key(apiVersion, kind));

    private static string Key(string apiVersion, string kind) => $"{apiVersion}/{kind}";
}
