using Platform.Webhooks.Abstractions.Admission;

namespace Platform.Webhooks.Endpoints;

/// <summary>Builds admission responses; denials carry a metav1.Status the API server shows verbatim.</summary>
internal static class AdmissionResponses
{
    public static AdmissionResponse Allowed(string uid, IReadOnlyList<string> warnings) => new()
    {
        Uid = uid,
        Allowed = true,
        Warnings = warnings.Count > 0 ? [.. warnings] : null,
    };

    public static AdmissionResponse Denied(string uid, int code, string message, IReadOnlyList<string>? warnings = null) => new()
    {
        Uid = uid,
        Allowed = false,
        Status = new AdmissionStatus { Status = "Failure", Code = code, Message = message, Reason = ReasonFor(code) },
        Warnings = warnings is { Count: > 0 } ? [.. warnings] : null,
    };

    /// <summary>The metav1.StatusReason matching an HTTP code.</summary>
    public static string ReasonFor(int code) => code switch
    {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        409 => "Conflict",
        413 => "RequestEntityTooLarge",
        415 => "UnsupportedMediaType",
        422 => "Invalid",
        429 => "TooManyRequests",
        503 => "ServiceUnavailable",
        504 => "Timeout",
        _ => code >= 500 ? "InternalError" : "BadRequest",
    };
}
