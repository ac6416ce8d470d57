using Platform.Crds.Istio;
using Platform.Registry.Validation;
using Platform.Webhooks.Hosting;
using Platform.Webhooks.Identity;
using Platform.Webhooks.ServiceEntries;

namespace Platform.Webhooks;

/// <summary>The suite's own webhooks. Each feature adds its line here; the generated configurations follow.</summary>
public static class PlatformWebhooks
{
    /// <summary>Registers every webhook the suite serves.</summary>
    public static IAdmissionWebhookBuilder AddPlatformWebhooks(this IAdmissionWebhookBuilder webhooks, ServiceEntryValidationOptions? serviceEntryOptions = null)
    {
        webhooks.Services.AddServiceEntryValidation(serviceEntryOptions);
        webhooks.AddValidation<ServiceEntryValidationWebhook, ServiceEntry>();
        webhooks.AddClusterSpiffeIdValidation();
        LoadBalancer.LoadBalancerWebhookRegistration.AddLoadBalancerValidation(webhooks);
        return webhooks;
    }
}
