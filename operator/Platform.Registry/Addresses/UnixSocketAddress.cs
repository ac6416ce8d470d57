namespace Platform.Registry.Addresses;

/// <summary>Unix domain socket endpoint addresses: <c>unix:///absolute/path</c> or <c>unix://@abstract</c>.</summary>
internal static class UnixSocketAddress
{
    /// <summary>The scheme prefix that marks an endpoint address as a Unix socket.</summary>
    public const string Prefix = "unix://";

    /// <summary>Whether the endpoint address names a Unix socket.</summary>
    public static bool IsUnix(string? address) => address is not null && address.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Istio's <c>ValidateUnixAddress</c> on the part after <c>unix://</c>.</summary>
    public static string? ValidatePath(string path)
    {
        if (path.Length == 0)
        {
            return "unix address must not be empty";
        }

        if (path.StartsWith('@'))
        {
            return null;
        }

        return !path.StartsWith('/') || path.EndsWith('/') ? $"{path} is not an absolute path to a file" : null;
    }
}
