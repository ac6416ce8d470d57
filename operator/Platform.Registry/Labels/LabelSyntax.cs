using Platform.Registry.Hosts;
using Platform.Registry.Validation;

namespace Platform.Registry.Labels;

/// <summary>
/// Istio's label checks (<c>labels.Instance.Validate</c>): a key is an optional DNS prefix (at most 253 bytes) and
/// <c>/</c>, then a name of at most 63 bytes; a value is empty or a name. Unlike Kubernetes, values have no length cap.
/// </summary>
internal static class LabelSyntax
{
    /// <summary>The longest DNS prefix of a key.</summary>
    public const int MaxPrefixLength = 253;

    /// <summary>The longest name part of a key.</summary>
    public const int MaxNameLength = 63;

    /// <summary>Istio's messages for every bad key and value, in map order.</summary>
    public static IEnumerable<string> Validate(IReadOnlyDictionary<string, string>? labels)
    {
        if (labels is null)
        {
            yield break;
        }

        foreach (var (key, value) in labels)
        {
            if (ValidateKey(key) is { } keyError)
            {
                yield return keyError;
            }

            if (!(string.IsNullOrEmpty(value) || IsQualifiedName(value)))
            {
                yield return $"invalid tag value: {GoText.Quote(value)}";
            }
        }
    }

    private static string? ValidateKey(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var prefix = slash < 0 ? "" : key[..slash];
        var name = slash < 0 ? key : key[(slash + 1)..];
        var prefixMatches = slash < 0 || (prefix.Length > 0 && prefix.Split('.').All(label => Dns1123Label.MatchesLabel(label)));
        if (!prefixMatches || !IsQualifiedName(name))
        {
            return $"invalid tag key: {GoText.Quote(key)}";
        }

        if (GoText.ByteLength(prefix) > MaxPrefixLength)
        {
            return $"invalid tag key: {GoText.Quote(key)} (DNS prefix is too long)";
        }

        return GoText.ByteLength(name) > MaxNameLength ? $"invalid tag key: {GoText.Quote(key)} (name is too long)" : null;
    }

    // Kubernetes' qualified name: alphanumeric at both ends, '-', '_' and '.' inside.
    private static bool IsQualifiedName(string value)
    {
        if (value.Length == 0 || !char.IsAsciiLetterOrDigit(value[0]) || !char.IsAsciiLetterOrDigit(value[^1]))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
