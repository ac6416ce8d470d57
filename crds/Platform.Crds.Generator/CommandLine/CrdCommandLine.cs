using Platform.Crds.Generator.Output;

namespace Platform.Crds.Generator.CommandLine;

/// <summary>
/// What both <c>Platform.Crds.Generator</c> and <c>platform crds</c> do: generate, then write (or with
/// <c>check</c> only compare) the output directory, and report on the given writers. Never throws for bad input.
/// </summary>
public static class CrdCommandLine
{
    /// <summary>Success: files written, or current when checking.</summary>
    public const int Succeeded = 0;

    /// <summary>Checking found the directory out of date.</summary>
    public const int Stale = 1;

    /// <summary>The arguments were not understood.</summary>
    public const int UsageError = 2;

    /// <summary>The entity classes cannot form valid CRDs, or the directory cannot be written.</summary>
    public const int GenerationFailed = 3;

    /// <summary>Usage text of the generator executable.</summary>
    public const string Usage =
        "Usage: Platform.Crds.Generator [--output DIR] [--check]\n" +
        "  -o, --output DIR  where to write (default: crds/generated of the enclosing repository, else ./crds)\n" +
        "  --check           do not write; exit 1 when the directory is out of date\n";

    /// <summary>Parses <paramref name="args"/> of the generator executable and runs.</summary>
    public static int RunArguments(IReadOnlyList<string> args, string currentDirectory, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        string? directory = null;
        var check = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "-o" or "--output" when i + 1 < args.Count && !string.IsNullOrWhiteSpace(args[i + 1]):
                    directory = args[++i];
                    break;
                case "-o" or "--output":
                    error.WriteLine($"{args[i]} needs a directory.");
                    error.Write(Usage);
                    return UsageError;
                case "--check":
                    check = true;
                    break;
                case "-h" or "--help" or "-?":
                    output.Write(Usage);
                    return Succeeded;
                default:
                    error.WriteLine($"Unknown argument '{args[i]}'.");
                    error.Write(Usage);
                    return UsageError;
            }
        }

        return Run(directory, check, currentDirectory, output, error);
    }

    /// <summary>Generates the CRDs of Platform.Crds and writes or checks <paramref name="requestedDirectory"/>.</summary>
    public static int Run(string? requestedDirectory, bool check, string currentDirectory, TextWriter output, TextWriter error) =>
        Run(() => new CrdGenerator().Generate(), requestedDirectory, check, currentDirectory, output, error);

    /// <summary>As <see cref="Run(string?, bool, string, TextWriter, TextWriter)"/>, with the generation supplied (tests use their own entities).</summary>
    internal static int Run(Func<CrdGeneration> generate, string? requestedDirectory, bool check, string currentDirectory, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(generate);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        CrdGeneration generation;
        try
        {
            generation = generate();
        }
        catch (CrdGenerationException e)
        {
            error.WriteLine($"CRD generation failed: {e.Message}");
            return GenerationFailed;
        }

        foreach (var warning in generation.Warnings)
        {
            error.WriteLine($"warning: {warning}");
        }

        var directory = CrdOutputDirectory.Resolve(requestedDirectory, currentDirectory);
        try
        {
            if (check)
            {
                var problems = CrdOutputDirectory.Compare(directory, generation);
                foreach (var problem in problems)
                {
                    error.WriteLine($"stale: {problem}");
                }

                if (problems.Count > 0)
                {
                    error.WriteLine($"Regenerate with: {CrdYamlRenderer.RegenerateHint}");
                    return Stale;
                }

                output.WriteLine($"{generation.Files.Count} CRDs in {directory} are current.");
                return Succeeded;
            }

            var result = CrdOutputDirectory.Write(directory, generation);
            foreach (var file in result.Written)
            {
                output.WriteLine($"wrote {Path.Combine(directory, file)}");
            }

            foreach (var file in result.Removed)
            {
                output.WriteLine($"removed {Path.Combine(directory, file)}");
            }

            output.WriteLine($"{generation.Files.Count} CRDs in {directory} ({result.Written.Count} written, {result.Unchanged.Count} unchanged, {result.Removed.Count} removed).");
            return Succeeded;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"Cannot write {directory}: {e.Message}");
            return GenerationFailed;
        }
    }
}
