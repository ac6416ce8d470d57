namespace Platform.Testing.FakeApi;

/// <summary>A parsed API path: /api/v1/... or /apis/group/version/..., optional namespace, name and subresource.</summary>
internal sealed record FakeResourcePath(string Group, string Version, string Plural, string? Namespace, string? Name, string? Subresource)
{
    public string Collection => $"{Group}/{Plural}";

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public static FakeResourcePath? Parse(string path)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        string group, version;
        int rest;
        if (segments.Length >= 3 && segments[0] == "api")
        {
            (group, version, rest) = (string.Empty, segments[1], 2);
        }
        else if (segments.Length >= 4 && segments[0] == "apis")
        {
            (group, version, rest) = (segments[1], segments[2], 3);
        }
        else
        {
            return null;
        }

        var tail = segments[rest..];
        string? ns = null;
        if (tail.Length >= 3 && tail[0] == "namespaces")
        {
            ns = tail[1];
            tail = tail[2..];
        }

        return tail.Length switch
        {
            1 => new FakeResourcePath(group, version, tail[0], ns, null, null),
            2 => new FakeResourcePath(group, version, tail[0], ns, tail[1], null),
            3 => new FakeResourcePath(group, version, tail[0], ns, tail[1], tail[2]),
            _ => null,
        };
    }
}
