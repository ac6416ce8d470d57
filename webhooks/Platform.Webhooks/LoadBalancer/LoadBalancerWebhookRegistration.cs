using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Crds.MetalLB;
using Platform.LoadBalancer.Configuration;
using Platform.Webhooks.Hosting;

namespace Platform.Webhooks.LoadBalancer;

/// <summary>Registers the IPAddressPool and L2Advertisement validating webhooks.</summary>
public static class LoadBalancerWebhookRegistration
{
    /// <summary>
    /// Adds the MetalLB validation endpoints. The settings (allowed namespaces) come from
    /// <c>IOptions&lt;LoadBalancerOptions&gt;</c> (bound by the host if it binds them, defaults otherwise); the
    /// existing pools are listed through the host's <c>IKubernetes</c> at admission time.
    /// </summary>
    public static IAdmissionWebhookBuilder AddLoadBalancerValidation(this IAdmissionWebhookBuilder webhooks)
    {
        ArgumentNullException.ThrowIfNull(webhooks);
        webhooks.Services.AddOptions<LoadBalancerOptions>();
        webhooks.Services.TryAddSingleton<IPAddressPoolSource, ApiIPAddressPoolSource>();
        return webhooks
            .AddValidation<IPAddressPoolValidationWebhook, IPAddressPool>()
            .AddValidation<L2AdvertisementValidationWebhook, L2Advertisement>();
    }
}
