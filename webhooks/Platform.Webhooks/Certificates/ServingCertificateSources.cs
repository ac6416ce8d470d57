using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Platform.Webhooks.Certificates;

/// <summary>
/// Registers the serving-certificate machinery (store, Files reloader, SelfManaged CA) once per host, whoever needs it
/// first: the admission server, the SPIFFE bundle endpoint, or both sharing one certificate.
/// </summary>
internal static class ServingCertificateSources
{
    public static void Add(IServiceCollection services)
    {
        // Only this method registers the store, so its presence means the sources are already registered.
        if (services.Any(d => d.ServiceType == typeof(ServingCertificateStore)))
        {
            return;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ServingCertificateStore>();
        services.TryAddSingleton<FileCertificateReloader>();
        services.TryAddSingleton<SelfManagedCertificateAuthority>();

        // Started before the servers (hosted services start in registration order), so they begin with a certificate.
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<FileCertificateReloader>());
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<SelfManagedCertificateAuthority>());
    }
}
