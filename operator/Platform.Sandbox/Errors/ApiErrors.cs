using Platform.Sandbox.Api;
using Platform.Sandbox.Resources;
using Platform.Sandbox.Schema;

namespace Platform.Sandbox.Errors;

/// <summary>The Status errors the real API server returns, with its reasons, codes and message shapes.</summary>
internal static class ApiErrors
{
    public static ApiException NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.QualifiedResource} \"{name}\" not found")
        {
            DetailsName = name, DetailsGroup = type.Group, DetailsKind = type.Plural,
        };

    public static ApiException NotFoundResource(string group, string resource, string name) =>
        new(404, "NotFound", $"{(group.Length == 0 ? resource : resource + "." + group)} \"{name}\" not found")
        {
            DetailsName = name, DetailsGroup = group, DetailsKind = resource,
        };

    public static ApiException UnknownPath() =>
        new(404, "NotFound", "the server could not find the requested resource");

    public static ApiException AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.QualifiedResource} \"{name}\" already exists")
        {
            DetailsName = name, DetailsGroup = type.Group, DetailsKind = type.Plural,
        };

    public static ApiException Conflict(ResourceType type, string name, string detail) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {type.QualifiedResource} \"{name}\": {detail}")
        {
            DetailsName = name, DetailsGroup = type.Group, DetailsKind = type.Plural,
        };

    public static ApiException Modified(ResourceType type, string name) =>
        Conflict(type, name, "the object has been modified; please apply your changes to the latest version and try again");

    /// <summary>
    /// 422 as <c>apierrors.NewInvalid</c> words it: the qualified kind is <c>Kind.group</c> (GroupKind.String()),
    /// so core kinds read <c>Pod "x" is invalid</c> and every other group <c>Kind.group "x" is invalid</c>.
    /// </summary>
    public static ApiException Invalid(ResourceType type, string name, IReadOnlyList<FieldError> causes)
    {
        var qualifiedKind = type.Group.Length == 0 ? type.Kind : $"{type.Kind}.{type.Group}";
        return new ApiException(422, "Invalid", FieldErrors.ToStatusMessage(qualifiedKind, name, causes))
        {
            DetailsName = name, DetailsGroup = type.Group, DetailsKind = type.Kind, Causes = causes,
        };
    }

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException Forbidden(ResourceType type, string name, string why) =>
        new(403, "Forbidden", $"{type.QualifiedResource} \"{name}\" is forbidden: {why}")
        {
            DetailsName = name, DetailsGroup = type.Group, DetailsKind = type.Plural,
        };

    public static ApiException MethodNotAllowed() =>
        new(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");

    public static ApiException UnsupportedMediaType(string contentType, IEnumerable<string> accepted) =>
        new(415, "UnsupportedMediaType",
            $"the body of the request was in an unknown format - accepted media types include: {string.Join(", ", accepted)}")
        {
            DetailsKind = contentType,
        };

    public static ApiException TooLarge(long limit) =>
        new(413, "RequestEntityTooLarge", $"Request entity too large: limit is {limit}");

    public static ApiException Expired(long requested, long oldest) =>
        new(410, "Expired", $"too old resource version: {requested} ({oldest})");

    public static ApiException Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    public static ApiException Internal(string message) =>
        new(500, "InternalError", $"Internal error occurred: {message}");

    public static ApiException TooManyRequests() =>
        new(429, "TooManyRequests", "Too many requests, please try again later.") { RetryAfterSeconds = 1 };

    public static ApiException Timeout() =>
        new(504, "Timeout", "Timeout: request did not complete within the allowed duration") { RetryAfterSeconds = 1 };
}
