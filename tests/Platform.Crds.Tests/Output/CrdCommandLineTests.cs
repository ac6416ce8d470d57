using Platform.Crds.Generator;
using Platform.Crds.Generator.CommandLine;
using Platform.Crds.Tests.TestEntities;

namespace Platform.Crds.Tests.Output;

public sealed class CrdCommandLineTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("platform-crds-cli-").FullName;
    private readonly StringWriter output = new();
    private readonly StringWriter error = new();

    public void Dispose()
    {
        Directory.Delete(scratch, recursive: true);
        output.Dispose();
        error.Dispose();
    }

    private int Run(params string[] args) => CrdCommandLine.RunArguments(args, scratch, output, error);

    [Fact]
    public void Writes_the_platform_crds_to_the_requested_directory_then_checks_them_current()
    {
        Assert.Equal(CrdCommandLine.Succeeded, Run("--output", "out"));
        var files = Directory.GetFiles(Path.Combine(scratch, "out"), "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();

        Assert.Contains("serviceentries.networking.istio.io.yaml", files);
        Assert.Contains("wrote", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(CrdCommandLine.Succeeded, Run("-o", "out", "--check"));
        Assert.Contains("are current", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_fails_with_the_regenerate_hint_when_files_are_stale()
    {
        Run("-o", "out");
        var file = Directory.GetFiles(Path.Combine(scratch, "out"), "*.yaml")[0];
        File.AppendAllText(file, "# edited\n");

        Assert.Equal(CrdCommandLine.Stale, Run("--check", "--output", "out"));
        Assert.Contains("differs", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Regenerate with: dotnet run --project crds/Platform.Crds.Generator", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_output_and_outside_a_repository_it_writes_to_crds()
    {
        Assert.Equal(CrdCommandLine.Succeeded, Run());

        Assert.NotEmpty(Directory.GetFiles(Path.Combine(scratch, "crds"), "*.yaml"));
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--output")]
    [InlineData("-o", "")]
    public void Bad_arguments_print_usage_and_exit_2(params string[] args)
    {
        Assert.Equal(CrdCommandLine.UsageError, Run(args));
        Assert.Contains("Usage: Platform.Crds.Generator", error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(scratch, "crds")));
    }

    [Fact]
    public void Help_prints_usage()
    {
        Assert.Equal(CrdCommandLine.Succeeded, Run("--help"));
        Assert.Contains("--check", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_entity_classes_are_reported_with_exit_3_and_nothing_is_written()
    {
        var exit = CrdCommandLine.Run(() => new CrdGenerator().Generate([typeof(CyclicEntity)]), "out", check: false, scratch, output, error);

        Assert.Equal(CrdCommandLine.GenerationFailed, exit);
        Assert.Contains("CRD generation failed: CyclicEntity(v1).spec.children[*]: type cycle", error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(scratch, "out")));
    }

    [Fact]
    public void Warnings_are_printed_but_do_not_fail_the_run()
    {
        var exit = CrdCommandLine.Run(() => new CrdGenerator().Generate([typeof(Gadget)]), "out", check: false, scratch, output, error);

        Assert.Equal(CrdCommandLine.Succeeded, exit);
        Assert.Contains("warning: Gadget(v1).status.ready has no [Description]", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unwritable_output_is_reported_not_thrown()
    {
        var blocker = Path.Combine(scratch, "file");
        File.WriteAllText(blocker, "");

        Assert.Equal(CrdCommandLine.GenerationFailed, Run("-o", Path.Combine(blocker, "sub")));
        Assert.Contains("Cannot write", error.ToString(), StringComparison.Ordinal);
    }
}
