using Platform.Crds.Generator;

namespace Platform.Operator.Suite;

/// <summary>
/// Finds the suite's checked-in manifests: the CRDs (crds/generated) and the webhook configurations
/// (webhooks/generated). Searched in the repository enclosing the working directory or the executable, then
/// next to the executable; the CRDs fall back to generating them from the entity classes, which is what the
/// checked-in files are (a test keeps them equal).
/// </summary>
internal sealed class SuiteManifests
{
    private const string CrdDirectory = "crds/generated";
    private const string WebhookDirectory = "webhooks/generated";

    private readonly IReadOnlyList<string> roots;

    public SuiteManifests(string? root)
    {
        roots = root is not null ? [Path.GetFullPath(root)] : [.. Candidates()];
    }

    /// <summary>Each CRD manifest as (source, YAML text).</summary>
    public IReadOnlyList<(string Source, string Yaml)> CustomResourceDefinitions()
    {
        if (Find(CrdDirectory) is { } directory)
        {
            return [.. Files(directory).Select(f => (f, File.ReadAllText(f)))];
        }

        return [.. new CrdGenerator().Generate().Files.Select(f => ($"generated in memory: {f.FileName}", f.Content))];
    }

    /// <summary>Each webhook configuration manifest as (source, YAML text).</summary>
    public IReadOnlyList<(string Source, string Yaml)> WebhookConfigurations()
    {
        var directory = Find(WebhookDirectory)
            ?? throw new SandboxSuiteStartException(
                $"{WebhookDirectory} not found under {string.Join(", ", roots)}; run from the repository or copy {WebhookDirectory} next to the executable");
        return [.. Files(directory).Select(f => (f, File.ReadAllText(f)))];
    }

    private string? Find(string relative)
    {
        foreach (var root in roots)
        {
            var candidate = Path.Combine(root, relative);
            if (Directory.Exists(candidate) && Files(candidate).Any())
            {
                return candidate;
            }
        }

        return null;
    }

    private static IEnumerable<string> Files(string directory) =>
        Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    /// <summary>Repository roots (a directory holding Platform.sln) above the working directory and the executable, then the executable's directory.</summary>
    private static IEnumerable<string> Candidates()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Platform.sln")) && seen.Add(dir.FullName))
                {
                    yield return dir.FullName;
                    break;
                }
            }
        }

        if (seen.Add(AppContext.BaseDirectory))
        {
            yield return AppContext.BaseDirectory;
        }
    }
}
