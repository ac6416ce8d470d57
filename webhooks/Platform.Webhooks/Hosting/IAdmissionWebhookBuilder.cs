using Microsoft.Extensions.DependencyInjection;
using Platform.Webhooks.Abstractions.Mutation;
using Platform.Webhooks.Abstractions.Validation;
using Platform.Webhooks.Registration;

namespace Platform.Webhooks.Hosting;

/// <summary>Registers webhooks with the admission server; each feature adds its own in one line.</summary>
public interface IAdmissionWebhookBuilder
{
    /// <summary>The service collection the server lives in.</summary>
    IServiceCollection Services { get; }

    /// <summary>Serve <typeparamref name="TWebhook"/> on /validate/{kind of TEntity}. The webhook is a singleton.</summary>
    IAdmissionWebhookBuilder AddValidation<TWebhook, TEntity>(Action<WebhookRegistrationOptions>? configure = null)
        where TWebhook : ValidationWebhook<TEntity>
        where TEntity : class;

    /// <summary>Serve <typeparamref name="TWebhook"/> on /mutate/{kind of TEntity}. The webhook is a singleton.</summary>
    IAdmissionWebhookBuilder AddMutation<TWebhook, TEntity>(Action<WebhookRegistrationOptions>? configure = null)
        where TWebhook : MutationWebhook<TEntity>
        where TEntity : class;
}
