using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Webhooks.Abstractions.Admission;
using Platform.Webhooks.Abstractions.Mutation;
using Platform.Webhooks.Abstractions.Validation;
using Platform.Webhooks.Endpoints;
using Platform.Webhooks.Registration;

namespace Platform.Webhooks.Hosting;

internal sealed class AdmissionWebhookBuilder(IServiceCollection services) : IAdmissionWebhookBuilder
{
    public IServiceCollection Services => services;

    public IAdmissionWebhookBuilder AddValidation<TWebhook, TEntity>(Action<WebhookRegistrationOptions>? configure = null)
        where TWebhook : ValidationWebhook<TEntity>
        where TEntity : class
    {
        services.TryAddSingleton<TWebhook>();
        services.AddSingleton(Register<TWebhook, TEntity>(
            WebhookCategory.Validation,
            typeof(ValidationWebhook<TEntity>),
            configure,
            (provider, registration) => new ValidationEndpoint<TEntity>(provider.GetRequiredService<TWebhook>(), registration)));
        return this;
    }

    public IAdmissionWebhookBuilder AddMutation<TWebhook, TEntity>(Action<WebhookRegistrationOptions>? configure = null)
        where TWebhook : MutationWebhook<TEntity>
        where TEntity : class
    {
        services.TryAddSingleton<TWebhook>();
        services.AddSingleton(Register<TWebhook, TEntity>(
            WebhookCategory.Mutation,
            typeof(MutationWebhook<TEntity>),
            configure,
            (provider, registration) => new MutationEndpoint<TEntity>(provider.GetRequiredService<TWebhook>(), registration)));
        return this;
    }

    private static WebhookRegistration Register<TWebhook, TEntity>(
        WebhookCategory category,
        Type baseType,
        Action<WebhookRegistrationOptions>? configure,
        Func<IServiceProvider, WebhookRegistration, IAdmissionEndpoint> createEndpoint)
    {
        var options = new WebhookRegistrationOptions();
        configure?.Invoke(options);
        var operations = options.Operations.Count > 0
            ? options.Operations.ToArray()
            : Overrides(typeof(TWebhook), baseType, "Delete")
                ? [AdmissionOperations.Create, AdmissionOperations.Update, AdmissionOperations.Delete]
                : [AdmissionOperations.Create, AdmissionOperations.Update];
        return new WebhookRegistration(category, typeof(TWebhook), typeof(TEntity), EntityVersionCatalog.Resolve(typeof(TEntity)), operations, options, createEndpoint);
    }

    // The API server only sends DELETE when asked to; asking only when the webhook judges deletions saves a round trip per delete.
    private static bool Overrides(Type webhookType, Type baseType, string operation) =>
        webhookType.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Any(m => (m.Name == operation || m.Name == operation + "Async") && m.DeclaringType != baseType && m.GetBaseDefinition().DeclaringType == baseType);
}
