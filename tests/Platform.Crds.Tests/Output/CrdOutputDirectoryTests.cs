using Platform.Crds.Generator;
using Platform.Crds.Generator.Output;
using Platform.Crds.Tests.TestEntities;

namespace Platform.Crds.Tests.Output;

public sealed class CrdOutputDirectoryTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("platform-crds-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    private static CrdGeneration Generate(params Type[] types) => new CrdGenerator().Generate(types);

    [Fact]
    public void An_explicit_output_is_resolved_against_the_current_directory()
    {
        Assert.Equal(Path.Combine(scratch, "out"), CrdOutputDirectory.Resolve("out", scratch));
        Assert.Equal("/abs/dir", CrdOutputDirectory.Resolve("/abs/dir", scratch));
    }

    [Fact]
    public void Inside_a_repository_the_default_is_crds_generated_at_its_root()
    {
        File.WriteAllText(Path.Combine(scratch, "Platform.sln"), "");
        var nested = Directory.CreateDirectory(Path.Combine(scratch, "operator", "deep")).FullName;

        Assert.Equal(Path.Combine(scratch, "crds", "generated"), CrdOutputDirectory.Resolve(null, scratch));
        Assert.Equal(Path.Combine(scratch, "crds", "generated"), CrdOutputDirectory.Resolve(null, nested));
    }

    [Fact]
    public void Outside_a_repository_the_default_is_crds_under_the_current_directory()
    {
        Assert.Equal(Path.Combine(scratch, "crds"), CrdOutputDirectory.Resolve("  ", scratch));
    }

    [Fact]
    public void Write_creates_the_files_then_leaves_unchanged_ones_alone()
    {
        var generation = Generate(typeof(Gadget), typeof(Policy));
        var target = Path.Combine(scratch, "out");

        var first = CrdOutputDirectory.Write(target, generation);
        var stamp = File.GetLastWriteTimeUtc(Path.Combine(target, "gadgets.tests.platform.example.yaml"));
        var second = CrdOutputDirectory.Write(target, generation);

        Assert.Equal(["gadgets.tests.platform.example.yaml", "policies.tests.platform.example.yaml"], first.Written);
        Assert.Empty(second.Written);
        Assert.Equal(first.Written, second.Unchanged);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(Path.Combine(target, "gadgets.tests.platform.example.yaml")));
        Assert.Equal(generation.Files[0].Content, File.ReadAllText(Path.Combine(target, generation.Files[0].FileName)));
    }

    [Fact]
    public void Write_removes_generated_files_of_vanished_kinds_but_never_other_files()
    {
        CrdOutputDirectory.Write(scratch, Generate(typeof(Gadget), typeof(Policy)));
        File.WriteAllText(Path.Combine(scratch, "hand-written.yaml"), "kind: ConfigMap\n");

        var result = CrdOutputDirectory.Write(scratch, Generate(typeof(Gadget)));

        Assert.Equal(["policies.tests.platform.example.yaml"], result.Removed);
        Assert.False(File.Exists(Path.Combine(scratch, "policies.tests.platform.example.yaml")));
        Assert.True(File.Exists(Path.Combine(scratch, "hand-written.yaml")));
    }

    [Fact]
    public void Compare_reports_missing_changed_and_vanished_files_and_ignores_line_endings()
    {
        var generation = Generate(typeof(Gadget), typeof(Policy));
        CrdOutputDirectory.Write(scratch, Generate(typeof(Gadget), typeof(V1Thing)));
        var gadget = Path.Combine(scratch, "gadgets.tests.platform.example.yaml");
        File.WriteAllText(gadget, File.ReadAllText(gadget).Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.Equal(
            [
                "policies.tests.platform.example.yaml is missing.",
                "things.tests.platform.example.yaml was generated for a kind that no longer exists.",
            ],
            CrdOutputDirectory.Compare(scratch, generation));

        File.WriteAllText(gadget, File.ReadAllText(gadget).Replace("shortNames", "shortnames", StringComparison.Ordinal));
        var changed = CrdOutputDirectory.Compare(scratch, generation);
        Assert.Contains(changed, p => p.StartsWith("gadgets.tests.platform.example.yaml differs", StringComparison.Ordinal) && p.Contains("shortnames", StringComparison.Ordinal));
    }

    [Fact]
    public void Compare_of_a_missing_directory_reports_every_file_missing()
    {
        var problems = CrdOutputDirectory.Compare(Path.Combine(scratch, "absent"), Generate(typeof(Policy)));

        Assert.Equal(["policies.tests.platform.example.yaml is missing."], problems);
    }
}
