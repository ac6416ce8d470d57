namespace Platform.Sandbox.Resources;

/// <summary>Which object-name rule a resource enforces on <c>metadata.name</c>.</summary>
internal enum NameRule
{
    /// <summary>RFC 1123 subdomain: most resources.</summary>
    Subdomain,

    /// <summary>RFC 1123 label: namespaces.</summary>
    Label,

    /// <summary>RFC 1035 label: services.</summary>
    Dns1035Label,

    /// <summary>Any name that is a valid path segment: RBAC objects.</summary>
    PathSegment,
}
