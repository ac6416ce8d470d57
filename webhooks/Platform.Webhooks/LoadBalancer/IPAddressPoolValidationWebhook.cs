using Microsoft.Extensions.Options;
using Platform.Crds.MetalLB;
using Platform.LoadBalancer.Configuration;
using Platform.LoadBalancer.Validation;
using Platform.Webhooks.Abstractions.Admission;
using Platform.Webhooks.Abstractions.Validation;

namespace Platform.Webhooks.LoadBalancer;

/// <summary>
/// Validates metallb.io/v1beta1 IPAddressPool with the LoadBalancer feature's rules against every pool that
/// exists in the allowed namespaces (the pool being updated excluded by the validator): allowed namespace,
/// addresses parse, start ≤ end, no overlap (both pools named), unique namespaces, valid selectors.
/// CREATE and UPDATE are judged by the new object; deleting or shrinking a pool is always accepted.
/// </summary>
internal sealed class IPAddressPoolValidationWebhook(IOptions<LoadBalancerOptions> settings, IPAddressPoolSource pools) : ValidationWebhook<IPAddressPool>
{
    public override Task<ValidationResult> CreateAsync(IPAddressPool entity, AdmissionContext context, CancellationToken cancellationToken) =>
        ValidateAsync(entity, context, cancellationToken);

    public override Task<ValidationResult> UpdateAsync(IPAddressPool oldEntity, IPAddressPool newEntity, AdmissionContext context, CancellationToken cancellationToken) =>
        ValidateAsync(newEntity, context, cancellationToken);

    private Task<ValidationResult> ValidateAsync(IPAddressPool entity, AdmissionContext context, CancellationToken cancellationToken) =>
        MetalLBAdmission.JudgeAgainstPoolsAsync(
            entity, context, settings.Value, pools, "cannot be checked for overlaps",
            existing => new IPAddressPoolValidator(settings.Value, [.. existing]).Validate(entity),
            cancellationToken);
}
