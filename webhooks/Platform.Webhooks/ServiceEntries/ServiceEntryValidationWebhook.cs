using FluentValidation;
using Platform.Crds.Istio;
using Platform.Registry.Validation;
using Platform.Webhooks.Abstractions.Admission;
using Platform.Webhooks.Abstractions.Validation;

namespace Platform.Webhooks.ServiceEntries;

/// <summary>
/// Validates networking.istio.io ServiceEntry (v1, v1beta1, v1alpha3) with the registry's rule set, answering as
/// istiod's validating webhook does: errors deny with "configuration is invalid: …" (no code, which the API server
/// reports as 400), warnings are admission warnings. Like istiod, only CREATE and UPDATE are judged, and an update
/// is judged by the new object alone.
/// </summary>
internal sealed class ServiceEntryValidationWebhook(ServiceEntryValidator validator) : ValidationWebhook<ServiceEntry>
{
    public override Task<ValidationResult> CreateAsync(ServiceEntry entity, AdmissionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(Validate(entity, context.Namespace));

    public override Task<ValidationResult> UpdateAsync(ServiceEntry oldEntity, ServiceEntry newEntity, AdmissionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(Validate(newEntity, context.Namespace));

    private ValidationResult Validate(ServiceEntry entity, string? @namespace)
    {
        var context = new ValidationContext<ServiceEntry>(entity);
        if (!string.IsNullOrEmpty(@namespace))
        {
            // On CREATE the object may omit metadata.namespace; exportTo's "." and namespace rules need the real one.
            context.RootContextData[ServiceEntryValidator.NamespaceKey] = @namespace;
        }

        var outcome = ServiceEntryValidation.From(validator.Validate(context));
        return outcome.IsValid
            ? Success([.. outcome.Warnings])
            : Fail(outcome.DenialMessage, ValidationResult.DefaultDenialCode);
    }
}
