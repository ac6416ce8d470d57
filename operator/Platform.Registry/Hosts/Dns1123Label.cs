namespace Platform.Registry.Hosts;

/// <summary>
/// DNS-1123 labels as Istio checks them: ASCII letters (either case), digits and inner hyphens, at most 63 bytes;
/// the wildcard form also allows <c>*</c>, <c>*label</c> and <c>*-label</c>.
/// </summary>
internal static class Dns1123Label
{
    /// <summary>The longest label.</summary>
    public const int MaxLength = 63;

    /// <summary>Whether <paramref name="value"/> is a DNS-1123 label (upper case allowed, as in Istio).</summary>
    public static bool IsLabel(string? value) => value is { Length: > 0 and <= MaxLength } && MatchesLabel(value);

    /// <summary>Whether <paramref name="value"/> is a label, <c>*</c>, or a label prefixed by <c>*</c> or <c>*-</c>.</summary>
    public static bool IsWildcardLabel(string? value)
    {
        if (value is not { Length: > 0 and <= MaxLength })
        {
            return false;
        }

        if (value == "*" || MatchesLabel(value))
        {
            return true;
        }

        if (value[0] != '*')
        {
            return false;
        }

        var rest = value.AsSpan(1);
        if (MatchesLabel(rest))
        {
            return true;
        }

        return rest.Length > 1 && rest[0] == '-' && MatchesLabel(rest[1..]);
    }

    /// <summary>The label pattern without the length limit (Istio's <c>[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?</c>).</summary>
    public static bool MatchesLabel(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || !char.IsAsciiLetterOrDigit(value[0]) || !char.IsAsciiLetterOrDigit(value[^1]))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }
}
