using k8s.Models;

namespace Platform.Sandbox.Resources;

/// <summary>
/// One served group/version/resource. Several versions of a resource share one storage bucket
/// (<see cref="StorageKey"/>); objects are stored at <see cref="StorageVersion"/> and served at any
/// version by rewriting apiVersion (conversion strategy None).
/// </summary>
internal sealed record ResourceType
{
    public required string Group { get; init; }
    public required string Version { get; init; }
    public required string Plural { get; init; }
    public required string Kind { get; init; }
    public required bool Namespaced { get; init; }
    public string Singular { get; init; } = "";
    public IReadOnlyList<string> ShortNames { get; init; } = [];
    public IReadOnlyList<string> Categories { get; init; } = [];
    public IReadOnlySet<string> Subresources { get; init; } = new HashSet<string>();
    public NameRule NameRule { get; init; } = NameRule.Subdomain;

    /// <summary>The version objects are stored at; equals <see cref="Version"/> unless several are served.</summary>
    public string StorageVersion { get; init; } = "";

    /// <summary>Create ignores a submitted status (true for most kinds with a status subresource).</summary>
    public bool ResetStatusOnCreate { get; init; }

    /// <summary>metadata.generation is maintained (kinds with a spec whose changes controllers observe).</summary>
    public bool TracksGeneration { get; init; }

    /// <summary>True for kinds served from a CustomResourceDefinition.</summary>
    public bool IsCustom { get; init; }

    /// <summary>The CRD version's schema, for custom resources.</summary>
    public V1JSONSchemaProps? Schema { get; init; }

    /// <summary>The owning CRD's name, for custom resources.</summary>
    public string? CrdName { get; init; }

    /// <summary>Set when another group's resource owns the storage (events.k8s.io events live in core events).</summary>
    public string? StorageKeyOverride { get; init; }

    public string StorageKey => StorageKeyOverride ?? $"{Group}/{Plural}";

    /// <summary>True for the one version of a bucket that objects are stored at.</summary>
    public bool IsStorageVersion => StorageKeyOverride is null && Version == StorageVersionOrDefault;

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string StorageApiVersion => Group.Length == 0 ? StorageVersionOrDefault : $"{Group}/{StorageVersionOrDefault}";

    public string StorageVersionOrDefault => StorageVersion.Length == 0 ? Version : StorageVersion;

    public string QualifiedResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public bool HasStatus => Subresources.Contains("status");

    public string SingularName => Singular.Length == 0 ? Kind.ToLowerInvariant() : Singular;
}
