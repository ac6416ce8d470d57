using System.Text.Json.Nodes;

namespace Platform.Sandbox.Api;

/// <summary>
/// Result of running the admission chain. When <see cref="Allowed"/> the pipeline stores
/// <see cref="Object"/> (possibly mutated; null means "unchanged"). When denied, <see cref="Status"/>
/// becomes the response body. <see cref="Warnings"/> are returned as <c>Warning</c> headers either way.
/// </summary>
public sealed record AdmissionOutcome
{
    public required bool Allowed { get; init; }
    public JsonObject? Object { get; init; }
    public IReadOnlyList<string> Warnings { get; init; } = [];
    public AdmissionStatus? Status { get; init; }

    public static AdmissionOutcome Allow(JsonObject? obj) => new() { Allowed = true, Object = obj };

    public static AdmissionOutcome Deny(int code, string reason, string message) =>
        new() { Allowed = false, Status = new AdmissionStatus(code, reason, message) };
}
