using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Webhooks.Certificates;
using Platform.Webhooks.Hosting;

namespace Platform.Webhooks.Federation;

/// <summary>Adds the SPIFFE bundle endpoint (federation) to a host.</summary>
public static class BundleEndpointServiceCollectionExtensions
{
    /// <summary>
    /// Adds the HTTPS SPIFFE bundle endpoint, started with the host on every replica. Needs the identity feature
    /// (<c>AddIdentity</c>, which provides <c>BundleEndpointSource</c>). Unless
    /// <see cref="BundleEndpointOptions.CertificateDirectory"/> is set it serves the admission server's certificate;
    /// when the admission server is not added, <paramref name="certificates"/> configures that certificate's source
    /// (Files or SelfManaged, as for the admission server) and the certificate machinery runs without it.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Port, bind address and optional certificate directory.</param>
    /// <param name="certificates">Certificate settings when no admission server shares its certificate.</param>
    public static IServiceCollection AddSpiffeBundleEndpoint(
        this IServiceCollection services, Action<BundleEndpointOptions>? configure = null, Action<AdmissionWebhookOptions>? certificates = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var optionsBuilder = services.AddOptions<BundleEndpointOptions>();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        optionsBuilder.Validate(o => o.Port is >= 0 and <= 65535, "the bundle endpoint port must be 0..65535").ValidateOnStart();
        if (certificates is not null)
        {
            services.AddOptions<AdmissionWebhookOptions>().Configure(certificates);
        }

        ServingCertificateSources.Add(services);
        if (services.Any(d => d.ServiceType == typeof(BundleEndpointServer)))
        {
            return services;
        }

        services.AddSingleton<BundleEndpointServer>();
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<BundleEndpointServer>());
        return services;
    }
}
