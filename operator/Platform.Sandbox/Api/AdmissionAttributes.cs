using System.Text.Json.Nodes;

namespace Platform.Sandbox.Api;

/// <summary>
/// Everything an admission chain needs about one mutating request, mirroring AdmissionReview v1's request.
/// <see cref="Object"/> is the object after defaulting (null for DELETE); <see cref="OldObject"/> is the
/// stored object for UPDATE and DELETE. <see cref="Subresource"/> is empty for the main resource.
/// <see cref="Options"/> is the CreateOptions/UpdateOptions/DeleteOptions object.
/// </summary>
public sealed record AdmissionAttributes
{
    public required AdmissionOperation Operation { get; init; }
    public required string Group { get; init; }
    public required string Version { get; init; }
    public required string Resource { get; init; }
    public string Subresource { get; init; } = "";
    public required string KindGroup { get; init; }
    public required string KindVersion { get; init; }
    public required string Kind { get; init; }
    public string Name { get; init; } = "";
    public string Namespace { get; init; } = "";
    public required AdmissionUserInfo UserInfo { get; init; }
    public JsonObject? Object { get; init; }
    public JsonObject? OldObject { get; init; }
    public bool DryRun { get; init; }
    public JsonObject? Options { get; init; }
}
