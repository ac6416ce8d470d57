namespace Platform.Webhooks.Patching;

/// <summary>RFC 6901 JSON Pointer escaping: '~' is written "~0" and '/' is written "~1".</summary>
internal static class JsonPointer
{
    public static string Append(string pointer, string token) => string.Concat(pointer, "/", Escape(token));

    public static string Append(string pointer, int index) => string.Concat(pointer, "/", index.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static string Escape(string token) =>
        token.Contains('~', StringComparison.Ordinal) || token.Contains('/', StringComparison.Ordinal)
            ? token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)
            : token;

    /// <summary>Splits a pointer into unescaped reference tokens; "" is the whole document.</summary>
    public static string[] Parse(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }

        if (pointer[0] != '/')
        {
            throw new JsonPatchException($"JSON pointer \"{pointer}\" does not start with '/'");
        }

        var tokens = pointer[1..].Split('/');
        for (var i = 0; i < tokens.Length; i++)
        {
            // Order matters: "~01" is "~1" literally, so '/' is restored first.
            tokens[i] = tokens[i].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
        }

        return tokens;
    }
}
