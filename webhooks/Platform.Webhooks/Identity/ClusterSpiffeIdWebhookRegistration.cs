using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Crds.Spire;
using Platform.Identity;
using Platform.Identity.Policies;
using Platform.Webhooks.Hosting;

namespace Platform.Webhooks.Identity;

/// <summary>Registers the ClusterSPIFFEID validating webhook.</summary>
public static class ClusterSpiffeIdWebhookRegistration
{
    /// <summary>
    /// Adds the ClusterSPIFFEID validation endpoint; the trust domain comes from <paramref name="options"/>, else
    /// from an <see cref="IdentityOptions"/> already registered, else the defaults.
    /// </summary>
    public static IAdmissionWebhookBuilder AddClusterSpiffeIdValidation(this IAdmissionWebhookBuilder webhooks, IdentityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(webhooks);
        if (options is not null)
        {
            webhooks.Services.AddSingleton(options);
        }
        else
        {
            webhooks.Services.TryAddSingleton(new IdentityOptions());
        }

        webhooks.Services.TryAddSingleton(sp => new ClusterSpiffeIdValidator(sp.GetRequiredService<IdentityOptions>()));
        return webhooks.AddValidation<ClusterSpiffeIdValidationWebhook, ClusterSPIFFEID>();
    }
}
