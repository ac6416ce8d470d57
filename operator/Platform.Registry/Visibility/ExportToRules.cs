namespace Platform.Registry.Visibility;

/// <summary>
/// Istio's <c>exportTo</c> rules for a ServiceEntry: <c>.</c> (own namespace), <c>*</c> (everyone), <c>~</c>
/// (no one; ServiceEntry only) or namespace names, without duplicates and without mixing <c>*</c> or <c>~</c>
/// with anything else.
/// </summary>
internal static class ExportToRules
{
    /// <summary>Exported to the entry's own namespace.</summary>
    public const string Private = ".";

    /// <summary>Exported to every namespace.</summary>
    public const string Public = "*";

    /// <summary>Exported to no one (only the service's own proxies see it).</summary>
    public const string None = "~";

    /// <summary>Istio's messages, in Istio's order, for the entry's <paramref name="exportTo"/> list.</summary>
    /// <param name="namespace">The entry's namespace; <c>.</c> is keyed as this name so <c>[., ns]</c> is a duplicate.</param>
    /// <param name="exportTo">The list to check.</param>
    public static IEnumerable<string> Validate(string @namespace, IReadOnlyList<string?>? exportTo)
    {
        if (exportTo is not { Count: > 0 })
        {
            yield break;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in exportTo)
        {
            var entry = raw ?? "";
            var key = entry == Private ? @namespace : entry;
            if (seen.Contains(key))
            {
                yield return key != entry
                    ? $"duplicate entries in exportTo: . and current namespace {@namespace}"
                    : $"duplicate entries in exportTo for entry {entry}";
            }
            else if (entry == None)
            {
                seen.Add(key);
            }
            else if (ValidateEntry(key) is { } error)
            {
                yield return error;
            }
            else
            {
                seen.Add(key);
            }
        }

        if (seen.Contains(Public) && exportTo.Count > 1)
        {
            yield return "cannot have both public (*) and non-public exportTo values for a resource";
        }

        if (seen.Contains(None) && exportTo.Count > 1)
        {
            yield return "cannot export service entry to no one (~) and someone";
        }
    }

    private static string? ValidateEntry(string entry) => entry switch
    {
        Private or Public => null,
        None => "exportTo ~ (none) is not allowed for Istio configuration objects",
        _ => Hosts.Dns1123Label.IsLabel(entry) ? null : "only .,*, or a valid DNS 1123 label is allowed as exportTo entry",
    };
}
