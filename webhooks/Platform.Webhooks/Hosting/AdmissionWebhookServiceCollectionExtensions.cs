using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Webhooks.Certificates;
using Platform.Webhooks.Diagnostics;
using Platform.Webhooks.Endpoints;
using Platform.Webhooks.Registration;

namespace Platform.Webhooks.Hosting;

/// <summary>Adds the admission webhook server to a host.</summary>
public static class AdmissionWebhookServiceCollectionExtensions
{
    /// <summary>
    /// Adds the HTTPS admission server (started with the host) and returns the builder that registers webhooks:
    /// <c>services.AddAdmissionWebhooks().AddValidation&lt;MyWebhook, MyEntity&gt;()</c>.
    /// In mode <see cref="ServingCertificateMode.SelfManaged"/> the host must also register an <c>IKubernetes</c>.
    /// </summary>
    public static IAdmissionWebhookBuilder AddAdmissionWebhooks(this IServiceCollection services, Action<AdmissionWebhookOptions>? configure = null)
    {
        var firstCall = !services.Any(d => d.ServiceType == typeof(AdmissionServer));
        var optionsBuilder = services.AddOptions<AdmissionWebhookOptions>();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        optionsBuilder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AdmissionWebhookOptions>, AdmissionWebhookOptionsValidator>());
        ServingCertificateSources.Add(services);
        services.TryAddSingleton<AdmissionMetrics>();
        services.TryAddSingleton<AdmissionServer>();
        services.TryAddSingleton(provider => new AdmissionRequestHandler(
            provider.GetServices<WebhookRegistration>().Select(r => r.CreateEndpoint(provider, r)),
            provider.GetRequiredService<ServingCertificateStore>(),
            provider.GetRequiredService<AdmissionMetrics>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<IOptions<AdmissionWebhookOptions>>(),
            provider.GetRequiredService<ILogger<AdmissionRequestHandler>>()));

        // The certificate sources (registered above) start first: the server should start with a certificate in hand.
        if (firstCall)
        {
            services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<AdmissionServer>());
        }

        return new AdmissionWebhookBuilder(services);
    }
}
