using System.Globalization;
using System.Text.RegularExpressions;

namespace Platform.Crds.Generator.Entities;

/// <summary>
/// Orders version names the way Kubernetes prioritises them: GA before beta before alpha, higher numbers first,
/// names that do not look like versions last in alphabetical order. Sorting ascending with this comparer puts
/// the highest-priority version first.
/// </summary>
internal sealed partial class KubernetesVersionComparer : IComparer<string>
{
    /// <summary>The shared instance.</summary>
    public static KubernetesVersionComparer Instance { get; } = new();

    /// <inheritdoc />
    public int Compare(string? x, string? y)
    {
        var a = Parse(x ?? "");
        var b = Parse(y ?? "");
        if (a.Stability != b.Stability)
        {
            return a.Stability.CompareTo(b.Stability);
        }

        if (a.Stability == Stability.Other)
        {
            return string.CompareOrdinal(x, y);
        }

        if (a.Major != b.Major)
        {
            return b.Major.CompareTo(a.Major);
        }

        return b.Minor.CompareTo(a.Minor);
    }

    private static (Stability Stability, long Major, long Minor) Parse(string version)
    {
        var match = VersionPattern().Match(version);
        if (!match.Success)
        {
            return (Stability.Other, 0, 0);
        }

        var major = long.Parse(match.Groups["major"].Value, CultureInfo.InvariantCulture);
        return match.Groups["stage"].Value switch
        {
            "beta" => (Stability.Beta, major, long.Parse(match.Groups["minor"].Value, CultureInfo.InvariantCulture)),
            "alpha" => (Stability.Alpha, major, long.Parse(match.Groups["minor"].Value, CultureInfo.InvariantCulture)),
            _ => (Stability.GenerallyAvailable, major, 0),
        };
    }

    [GeneratedRegex("^v(?<major>[1-9][0-9]{0,17})((?<stage>alpha|beta)(?<minor>[1-9][0-9]{0,17}))?$")]
    private static partial Regex VersionPattern();

    private enum Stability
    {
        GenerallyAvailable,
        Beta,
        Alpha,
        Other,
    }
}
