using k8s.Models;

namespace Platform.Crds.Generator;

/// <summary>The result of one generator run.</summary>
/// <param name="Definitions">One CRD per group and kind, ordered by name.</param>
/// <param name="Files">The rendered YAML files, in the same order.</param>
/// <param name="Warnings">Problems that do not block generation, such as fields without a description.</param>
public sealed record CrdGeneration(
    IReadOnlyList<V1CustomResourceDefinition> Definitions,
    IReadOnlyList<CrdFile> Files,
    IReadOnlyList<string> Warnings);
