namespace Platform.Sandbox.Http.Protobuf;

/// <summary>
/// The messages of k8s.io/api authentication/v1 generated.proto the sandbox decodes, in <see cref="MessageType"/> notation; field
/// numbers, names and Go pointer-ness are upstream's.
/// </summary>
internal static class AuthenticationMessages
{
    public static IReadOnlyDictionary<string, string> Definitions { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["BoundObjectReference"] = "1 kind string; 2 apiVersion string; 3 name string; 4 uid string",
        ["TokenRequest"] = "1 metadata ObjectMeta; 2 spec TokenRequestSpec; 3 status TokenRequestStatus",
        ["TokenRequestSpec"] = "1 audiences []string; 4 expirationSeconds int64?; 3 boundObjectRef BoundObjectReference?",
        ["TokenRequestStatus"] = "1 token string; 2 expirationTimestamp Time",
    };
}
