using System.Text.RegularExpressions;

namespace Platform.Sandbox.Resources;

/// <summary>
/// Kubernetes version priority: GA before beta before alpha, higher numbers first, non-conforming names
/// last in lexical order (the order discovery lists versions in).
/// </summary>
internal static partial class VersionPriority
{
    public static string Rank(string version)
    {
        var m = KubeVersion().Match(version);
        if (!m.Success)
        {
            return "9" + version;
        }

        var major = int.Parse(m.Groups[1].Value);
        var stage = m.Groups[2].Value switch { "" => 0, "beta" => 1, _ => 2 };
        var minor = m.Groups[3].Success ? int.Parse(m.Groups[3].Value) : 0;
        return $"{stage}{999 - major:D3}{999 - minor:D3}";
    }

    [GeneratedRegex("^v([1-9][0-9]*)(?:(alpha|beta)([1-9][0-9]*))?$")]
    private static partial Regex KubeVersion();
}
