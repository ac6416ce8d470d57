using System.Reflection;
using k8s.Models;
using Platform.Crds.Common;
using Platform.Crds.Generator.Entities;
using Platform.Crds.Generator.Output;
using Platform.Crds.Generator.PrinterColumns;
using Platform.Crds.Generator.Schema;

namespace Platform.Crds.Generator;

/// <summary>
/// Turns entity classes into CustomResourceDefinitions: one CRD per group and kind holding every version, each with
/// a structural OpenAPI v3 schema, printer columns and the status subresource. Output is deterministic.
/// </summary>
public sealed class CrdGenerator
{
    /// <summary>Generates the CRDs of every entity in Platform.Crds.</summary>
    public CrdGeneration Generate() => Generate(PlatformCrdsAssembly.Instance);

    /// <summary>Generates the CRDs of every entity class in <paramref name="assembly"/>.</summary>
    public CrdGeneration Generate(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return Generate(assembly.GetTypes());
    }

    /// <summary>
    /// Generates the CRDs of the entity classes among <paramref name="types"/> (others are skipped).
    /// Throws <see cref="CrdGenerationException"/> when the classes cannot form valid CRDs.
    /// </summary>
    public CrdGeneration Generate(IEnumerable<Type> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var mapper = new SchemaMapper();
        var definitions = EntityDiscovery.Find(types)
            .GroupBy(e => e.CrdName, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => BuildDefinition(g.ToList(), mapper))
            .ToList();

        var kindClash = definitions
            .GroupBy(d => (d.Spec.Group, d.Spec.Names.Kind))
            .FirstOrDefault(g => g.Count() > 1);
        if (kindClash is not null)
        {
            throw new CrdGenerationException(
                $"Kind {kindClash.Key.Kind} in {kindClash.Key.Group} has several plural names ({string.Join(", ", kindClash.Select(d => d.Spec.Names.Plural))}); give every version the same PluralName.");
        }

        return new CrdGeneration(definitions, definitions.Select(CrdYamlRenderer.Render).ToList(), mapper.Warnings.Distinct(StringComparer.Ordinal).ToList());
    }

    private static V1CustomResourceDefinition BuildDefinition(List<EntityDefinition> versions, SchemaMapper mapper)
    {
        var first = versions[0];
        foreach (var other in versions.Skip(1))
        {
            Ensure(other.Kind == first.Kind, first, other, "Kind");
            Ensure(other.Scope == first.Scope, first, other, "[EntityScope]");
            Ensure(other.ShortNames.SequenceEqual(first.ShortNames, StringComparer.Ordinal), first, other, "[KubernetesEntityShortNames]");
        }

        var duplicateVersion = versions.GroupBy(v => v.Version, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicateVersion is not null)
        {
            throw new CrdGenerationException(
                $"{first.CrdName}: version {duplicateVersion.Key} is declared by several classes ({string.Join(", ", duplicateVersion.Select(v => v.Type.FullName))}).");
        }

        var storage = versions.Where(v => v.IsStorageVersion).ToList();
        if (storage.Count > 1)
        {
            throw new CrdGenerationException(
                $"{first.CrdName}: several versions are marked [StorageVersion] ({string.Join(", ", storage.Select(v => v.Version))}); exactly one may be.");
        }

        if (storage.Count == 0 && versions.Count > 1)
        {
            throw new CrdGenerationException(
                $"{first.CrdName}: {versions.Count} versions are served ({string.Join(", ", versions.Select(v => v.Version))}); mark exactly one [StorageVersion].");
        }

        var storageVersion = storage.Count == 1 ? storage[0] : versions[0];
        var served = versions
            .OrderBy(v => v.Version, KubernetesVersionComparer.Instance)
            .Select(v => BuildVersion(v, v == storageVersion, mapper))
            .ToList();

        return new V1CustomResourceDefinition
        {
            ApiVersion = "apiextensions.k8s.io/v1",
            Kind = "CustomResourceDefinition",
            Metadata = new V1ObjectMeta { Name = first.CrdName },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = first.Group,
                Names = new V1CustomResourceDefinitionNames
                {
                    Kind = first.Kind,
                    ListKind = $"{first.Kind}List",
                    Plural = first.Plural,
                    Singular = first.Kind.ToLowerInvariant(),
                    ShortNames = first.ShortNames.Count > 0 ? first.ShortNames.ToList() : null,
                },
                Scope = first.Scope,
                Versions = served,
            },
        };
    }

    private static V1CustomResourceDefinitionVersion BuildVersion(EntityDefinition entity, bool storage, SchemaMapper mapper)
    {
        var path = $"{entity.Kind}({entity.Version})";
        var schema = mapper.MapEntity(entity.Type, path);
        return new V1CustomResourceDefinitionVersion
        {
            Name = entity.Version,
            Served = true,
            Storage = storage,
            Schema = new V1CustomResourceValidation { OpenAPIV3Schema = schema },
            Subresources = schema.Properties?.ContainsKey("status") == true
                ? new V1CustomResourceSubresources { Status = new object() }
                : null,
            AdditionalPrinterColumns = PrinterColumnMapper.Map(entity.Type, schema, path),
        };
    }

    private static void Ensure(bool agree, EntityDefinition first, EntityDefinition other, string what)
    {
        if (!agree)
        {
            throw new CrdGenerationException(
                $"{first.CrdName}: {first.Type.FullName} and {other.Type.FullName} disagree on {what}; every version of a kind must declare the same.");
        }
    }
}
