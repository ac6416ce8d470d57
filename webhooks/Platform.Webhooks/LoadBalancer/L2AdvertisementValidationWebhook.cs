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

    private Task<ValidationResult> ValidateAsync(L2Advertisement entity, AdmissionContext context, CancellationToken cancellationToken) =>
        MetalLBAdmission.JudgeAgainstPoolsAsync(
            entity, context, settings.Value, pools, "cannot be checked against the pools",
            existing => new L2AdvertisementValidator(settings.Value, [.. existing]).Validate(entity),
            cancellationToken);
}
