using Platform.Webhooks.Endpoints;

namespace Platform.Webhooks.Registration;

/// <summary>A webhook registered with the server: its route, its entity versions and how to build its endpoint.</summary>
internal sealed record WebhookRegistration(
    WebhookCategory Category,
    Type WebhookType,
    Type EntityType,
    IReadOnlyList<EntityVersion> Versions,
    IReadOnlyList<string> Operations,
    WebhookRegistrationOptions Options,
    Func<IServiceProvider, WebhookRegistration, IAdmissionEndpoint> CreateEndpoint)
{
    /// <summary>The lowercase kind: the last segment of the route.</summary>
    public string Kind => Versions[0].Kind.ToLowerInvariant();

    /// <summary>"/validate/{kind}" or "/mutate/{kind}".</summary>
    public string Path => Category == WebhookCategory.Validation ? $"/validate/{Kind}" : $"/mutate/{Kind}";

    /// <summary>The webhook's name in the configuration and in metrics: "validate.{kind}.{group}" (core group "core").</summary>
    public string Name =>
        $"{(Category == WebhookCategory.Validation ? "validate" : "mutate")}.{Kind}.{(Versions[0].Group.Length == 0 ? "core" : Versions[0].Group)}";
}
