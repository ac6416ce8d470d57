using Platform.Crds.Spire;
using Platform.Identity.Policies;
using Platform.Webhooks.Abstractions.Admission;
using Platform.Webhooks.Abstractions.Validation;
using Platform.Webhooks.Validation;

namespace Platform.Webhooks.Identity;

/// <summary>
/// Validates spire.spiffe.io/v1alpha1 ClusterSPIFFEID with the identity feature's rules (templates parse, use
/// only the supported constructs, render a valid SPIFFE ID and DNS names for a sample pod; selectors, ttl,
/// federatesWith), as spire-controller-manager's webhook does. CREATE and UPDATE are judged by the new object.
/// </summary>
internal sealed class ClusterSpiffeIdValidationWebhook(ClusterSpiffeIdValidator validator) : ValidationWebhook<ClusterSPIFFEID>
{
    public override Task<ValidationResult> CreateAsync(ClusterSPIFFEID entity, AdmissionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(Validate(entity));

    public override Task<ValidationResult> UpdateAsync(ClusterSPIFFEID oldEntity, ClusterSPIFFEID newEntity, AdmissionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(Validate(newEntity));

    private ValidationResult Validate(ClusterSPIFFEID entity) => ValidatorVerdict.Judge("ClusterSPIFFEID", validator.Validate(entity));
}
