using Platform.Crds.Generator;
using Platform.Crds.Generator.Output;
using Platform.Crds.Tests.Support;

namespace Platform.Crds.Tests.Generation;

/// <summary>The checked-in crds/generated/*.yaml must be exactly what the entity classes generate now.</summary>
public sealed class GeneratedCrdsAreCurrentTests
{
    [Fact]
    public void Checked_in_crds_match_the_entity_classes()
    {
        var generation = new CrdGenerator().Generate();

        var problems = CrdOutputDirectory.Compare(RepositoryRoot.GeneratedCrds, generation);

        Assert.True(
            problems.Count == 0,
            $"crds/generated is stale:\n  {string.Join("\n  ", problems)}\nRegenerate with: {CrdYamlRendererHint}");
    }

    [Fact]
    public void Every_entity_class_in_Platform_Crds_has_a_checked_in_crd()
    {
        var generation = new CrdGenerator().Generate();
        var expected = EntityTypes.All.Select(e => $"{e.CrdName}.yaml").Distinct().Order(StringComparer.Ordinal);

        Assert.Equal(expected, generation.Files.Select(f => f.FileName));
        Assert.All(generation.Files, f => Assert.True(File.Exists(Path.Combine(RepositoryRoot.GeneratedCrds, f.FileName)), $"{f.FileName} is not checked in"));
    }

    private static string CrdYamlRendererHint => "dotnet run --project crds/Platform.Crds.Generator (from the repository root)";
}
