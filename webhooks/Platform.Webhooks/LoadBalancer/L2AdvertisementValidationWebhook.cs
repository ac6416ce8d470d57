using Microsoft.Extensions.Options;
using Platform.Crds.MetalLB;
using Platform.LoadBalancer.Configuration;
using Platform.LoadBalancer.Validation;
using Platform.Webhooks.Abstractions.Admission;
using Platform.Webhooks.Abstractions.Validation;

namespace Platform.Webhooks.LoadBalancer;

/// <summary>
/// Validates metallb.io/v1beta1 L2Advertisement: allowed namespace, unique pool names, valid selectors and
/// weights. A pool name that does not exist is an admission warning, not a denial, since manifests are
/// applied in any order.
/// </summary>
internal sealed class L2AdvertisementValidationWebhook(IOptions<LoadBalancerOptions> settings, IPAddressPoolSource pools) : ValidationWebhook<L2Advertisement>
{
    public override Task<ValidationResult> CreateAsync(L2Advertisement entity, AdmissionContext context, CancellationToken cancellationToken) =>
        ValidateAsync(entity, context, cancellationToken);

    public override Task<ValidationResult> UpdateAsync(L2Advertisement oldEntity, L2Advertisement newEntity, AdmissionContext context, CancellationToken cancellationToken) =>
        ValidateAsync(newEntity, context, cancellationToken);

    private async Task<ValidationResult> ValidateAsync(L2Advertisement entity, AdmissionContext context, CancellationToken cancellationToken)
    {
        MetalLBAdmission.FillNamespace(entity.Metadata, context);
        IReadOnlyList<IPAddressPool> existing;
        try
        {
            existing = await pools.ListAsync(settings.Value.EffectivePoolNamespaces, cancellationToken).ConfigureAwait(false);
        }
        catch (PoolListingException e)
        {
            return Fail($"L2Advertisement \"{entity.Metadata?.Name}\" cannot be checked against the pools: {e.Message}", 500);
        }

        return MetalLBAdmission.Judge("L2Advertisement", new L2AdvertisementValidator(settings.Value, [.. existing]).Validate(entity));
    }
}
