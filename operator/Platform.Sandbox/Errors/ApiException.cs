using System.Text.Json.Nodes;
using Platform.Sandbox.Api;

namespace Platform.Sandbox.Errors;

/// <summary>
/// A request failure that becomes a <c>Status</c> body with the given HTTP code and reason, as the real
/// API server answers. Thrown anywhere in the pipeline; the HTTP layer turns it into the response.
/// </summary>
public sealed class ApiException : Exception
{
    public ApiException(int code, string reason, string message)
        : base(message)
    {
        Code = code;
        Reason = reason;
    }

    public int Code { get; }

    public string Reason { get; }

    public string? DetailsName { get; init; }

    public string? DetailsGroup { get; init; }

    public string? DetailsKind { get; init; }

    public IReadOnlyList<FieldError> Causes { get; init; } = [];

    public int? RetryAfterSeconds { get; init; }

    internal JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
            ["reason"] = Reason,
        };
        var details = new JsonObject();
        if (!string.IsNullOrEmpty(DetailsName))
        {
            details["name"] = DetailsName;
        }

        if (!string.IsNullOrEmpty(DetailsGroup))
        {
            details["group"] = DetailsGroup;
        }

        if (!string.IsNullOrEmpty(DetailsKind))
        {
            details["kind"] = DetailsKind;
        }

        if (Causes.Count > 0)
        {
            var causes = new JsonArray();
            foreach (var c in Causes)
            {
                causes.Add(new JsonObject { ["reason"] = c.Type, ["message"] = c.Detail, ["field"] = c.Path });
            }

            details["causes"] = causes;
        }

        if (RetryAfterSeconds is { } retry)
        {
            details["retryAfterSeconds"] = retry;
        }

        if (details.Count > 0)
        {
            status["details"] = details;
        }

        status["code"] = Code;
        return status;
    }
}
