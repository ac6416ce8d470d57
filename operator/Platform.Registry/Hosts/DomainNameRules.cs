using Platform.Registry.Validation;

namespace Platform.Registry.Hosts;

/// <summary>
/// Istio's host-name checks (<c>ValidateWildcardDomain</c>, <c>ValidateFQDN</c>, <c>ValidatePartialWildCard</c>).
/// Each returns null when the name is acceptable, otherwise Istio's message.
/// </summary>
internal static class DomainNameRules
{
    /// <summary>The longest domain name, in bytes.</summary>
    public const int MaxLength = 255;

    /// <summary>A domain whose first label may be a wildcard (<c>*</c>, <c>*.x</c>, <c>*x</c>, <c>*-x</c>); short names are fine.</summary>
    public static string? ValidateWildcardDomain(string? domain)
    {
        domain ??= "";
        if (CheckPreconditions(domain) is { } error)
        {
            return error;
        }

        var dot = domain.IndexOf('.', StringComparison.Ordinal);
        var first = dot < 0 ? domain : domain[..dot];
        if (!Dns1123Label.IsWildcardLabel(first))
        {
            return $"domain name {GoText.Quote(domain)} invalid (label {GoText.Quote(first)} invalid)";
        }

        return dot < 0 ? null : ValidateLabels(domain[(dot + 1)..]);
    }

    /// <summary>A domain made only of DNS-1123 labels (no wildcard); a trailing dot is allowed.</summary>
    public static string? ValidateFqdn(string? fqdn)
    {
        fqdn ??= "";
        return CheckPreconditions(fqdn) ?? ValidateLabels(fqdn);
    }

    /// <summary>A wildcard anywhere except as a whole leading <c>*.</c> label (e.g. <c>*x.com</c>), which Istio only warns about.</summary>
    public static string? PartialWildcardWarning(string? host)
    {
        host ??= "";
        return host.Contains('*', StringComparison.Ordinal) && GoText.ByteLength(host) != 1 && !host.StartsWith("*.", StringComparison.Ordinal)
            ? $"partial wildcard {GoText.Quote(host)} not allowed"
            : null;
    }

    private static string? CheckPreconditions(string name)
    {
        var length = GoText.ByteLength(name);
        if (length > MaxLength)
        {
            return $"domain name {GoText.Quote(name)} too long (max 255)";
        }

        return length == 0 ? "empty domain name not allowed" : null;
    }

    // Istio checks the all-numeric top-level domain before the labels, and lets the last label be empty.
    private static string? ValidateLabels(string domain)
    {
        var labels = domain.Split('.');
        var topLevel = labels[^1];
        if (GoText.IsAtoiNumber(topLevel))
        {
            return $"domain name {GoText.Quote(domain)} invalid (top level domain {GoText.Quote(topLevel)} cannot be all-numeric)";
        }

        for (var i = 0; i < labels.Length; i++)
        {
            if (i == labels.Length - 1 && labels[i].Length == 0)
            {
                return null;
            }

            if (!Dns1123Label.IsLabel(labels[i]))
            {
                return $"domain name {GoText.Quote(domain)} invalid (label {GoText.Quote(labels[i])} invalid)";
            }
        }

        return null;
    }
}
