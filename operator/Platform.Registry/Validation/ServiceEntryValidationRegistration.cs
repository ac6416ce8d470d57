using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Crds.Istio;

namespace Platform.Registry.Validation;

/// <summary>Registers the ServiceEntry rule set once, for the webhook endpoint and the registry reconciler alike.</summary>
public static class ServiceEntryValidationRegistration
{
    /// <summary>
    /// Adds <see cref="ServiceEntryValidationOptions"/> (defaults unless given), a singleton
    /// <see cref="ServiceEntryValidator"/>, and the same instance as <see cref="IValidator{T}"/> of <see cref="ServiceEntry"/>.
    /// </summary>
    public static IServiceCollection AddServiceEntryValidation(this IServiceCollection services, ServiceEntryValidationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(options ?? ServiceEntryValidationOptions.Default);
        services.TryAddSingleton(provider => new ServiceEntryValidator(provider.GetRequiredService<ServiceEntryValidationOptions>()));
        services.TryAddSingleton<IValidator<ServiceEntry>>(provider => provider.GetRequiredService<ServiceEntryValidator>());
        return services;
    }
}
