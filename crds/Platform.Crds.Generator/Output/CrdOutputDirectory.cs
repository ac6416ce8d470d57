using System.Text;

namespace Platform.Crds.Generator.Output;

/// <summary>Where the generated CRDs go, and how they are written and checked there.</summary>
public static class CrdOutputDirectory
{
    /// <summary>The file that marks the repository root.</summary>
    public const string SolutionFileName = "Platform.sln";

    /// <summary>
    /// The directory to write to: <paramref name="requested"/> (relative to <paramref name="currentDirectory"/>) when
    /// given; else <c>crds/generated</c> of the repository that contains the current directory; else <c>./crds</c>.
    /// </summary>
    public static string Resolve(string? requested, string currentDirectory)
    {
        if (!string.IsNullOrWhiteSpace(requested))
        {
            return Path.GetFullPath(requested, currentDirectory);
        }

        return FindRepositoryRoot(currentDirectory) is { } root
            ? Path.Combine(root, "crds", "generated")
            : Path.Combine(Path.GetFullPath(currentDirectory), "crds");
    }

    /// <summary>The nearest directory at or above <paramref name="start"/> holding Platform.sln, or null.</summary>
    public static string? FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(Path.GetFullPath(start)); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    /// <summary>
    /// Writes every file whose content changed and removes generated files (those starting with the generator's header)
    /// that no longer correspond to a kind. Other files in the directory are left alone.
    /// </summary>
    public static CrdWriteResult Write(string directory, CrdGeneration generation)
    {
        ArgumentNullException.ThrowIfNull(generation);
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        var unchanged = new List<string>();
        foreach (var file in generation.Files)
        {
            var path = Path.Combine(directory, file.FileName);
            if (File.Exists(path) && Normalize(File.ReadAllText(path)) == file.Content)
            {
                unchanged.Add(file.FileName);
                continue;
            }

            File.WriteAllText(path, file.Content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            written.Add(file.FileName);
        }

        var removed = new List<string>();
        foreach (var stale in FindStaleGeneratedFiles(directory, generation))
        {
            File.Delete(Path.Combine(directory, stale));
            removed.Add(stale);
        }

        return new CrdWriteResult(Sorted(written), Sorted(unchanged), Sorted(removed));
    }

    /// <summary>
    /// The differences between <paramref name="directory"/> and <paramref name="generation"/>, one readable line each;
    /// empty when the directory is current. Line endings are ignored.
    /// </summary>
    public static IReadOnlyList<string> Compare(string directory, CrdGeneration generation)
    {
        ArgumentNullException.ThrowIfNull(generation);
        var problems = new List<string>();
        foreach (var file in generation.Files)
        {
            var path = Path.Combine(directory, file.FileName);
            if (!File.Exists(path))
            {
                problems.Add($"{file.FileName} is missing.");
                continue;
            }

            var onDisk = Normalize(File.ReadAllText(path));
            if (onDisk != file.Content)
            {
                problems.Add($"{file.FileName} differs from the entity classes ({FirstDifference(onDisk, file.Content)}).");
            }
        }

        problems.AddRange(FindStaleGeneratedFiles(directory, generation).Select(f => $"{f} was generated for a kind that no longer exists."));
        return problems;
    }

    private static IEnumerable<string> FindStaleGeneratedFiles(string directory, CrdGeneration generation)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var current = generation.Files.Select(f => f.FileName).ToHashSet(StringComparer.Ordinal);
        return Directory.EnumerateFiles(directory, "*.yaml")
            .Where(path => !current.Contains(Path.GetFileName(path)) && IsGenerated(path))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static bool IsGenerated(string path)
    {
        using var reader = new StreamReader(path);
        return reader.ReadLine() == CrdYamlRenderer.HeaderMarker;
    }

    private static string FirstDifference(string onDisk, string expected)
    {
        var diskLines = onDisk.Split('\n');
        var expectedLines = expected.Split('\n');
        for (var i = 0; i < Math.Max(diskLines.Length, expectedLines.Length); i++)
        {
            var disk = i < diskLines.Length ? diskLines[i] : "<end of file>";
            var want = i < expectedLines.Length ? expectedLines[i] : "<end of file>";
            if (disk != want)
            {
                return $"line {i + 1}: checked in '{disk.Trim()}', generated '{want.Trim()}'";
            }
        }

        return "same lines";
    }

    private static string Normalize(string text) => text.ReplaceLineEndings("\n");

    private static List<string> Sorted(List<string> names)
    {
        names.Sort(StringComparer.Ordinal);
        return names;
    }
}
