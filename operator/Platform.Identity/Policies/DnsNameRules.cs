namespace Platform.Identity.Policies;

/// <summary>DNS SAN syntax (RFC 1123 host names, optional leading "*." wildcard label), lowercase only.</summary>
internal static class DnsNameRules
{
    public static string? Validate(string name)
    {
        if (name.Length is 0 or > 253)
        {
            return $"DNS name \"{name}\" must be 1-253 characters";
        }

        var labels = name.Split('.');
        for (var i = 0; i < labels.Length; i++)
        {
            var label = labels[i];
            if (i == 0 && label == "*" && labels.Length > 1)
            {
                continue;
            }

            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-' ||
                !label.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return $"DNS name \"{name}\" is not a valid lowercase RFC 1123 host name";
            }
        }

        return null;
    }
}
