namespace Platform.Webhooks.Abstractions.Admission;

/// <summary>What a webhook may want to know about the call besides the object itself.</summary>
/// <param name="Operation">CREATE, UPDATE, DELETE or CONNECT.</param>
/// <param name="Namespace">The namespace of the request (set even when the object's metadata omits it).</param>
/// <param name="Name">The object name, when known.</param>
/// <param name="DryRun">True when nothing will be persisted; webhooks with side effects must skip them.</param>
/// <param name="UserInfo">The requesting user.</param>
/// <param name="Kind">The kind as the webhook receives it.</param>
public sealed record AdmissionContext(
    string Operation,
    string? Namespace,
    string? Name,
    bool DryRun,
    AdmissionUserInfo? UserInfo,
    GroupVersionKind? Kind);
