using Platform.Webhooks.Abstractions.Admission;
using Platform.Webhooks.Abstractions.Validation;

namespace Platform.Webhooks.Tests.Support;

/// <summary>
/// Test rules: negative size is denied (422), size above 100 warns, shrinking on update is denied, deleting a
/// widget named "keep" is denied; the names "slow" and "boom" hang and throw.
/// </summary>
internal sealed class WidgetValidationWebhook : ValidationWebhook<Widget>
{
    public override async Task<ValidationResult> CreateAsync(Widget entity, AdmissionContext context, CancellationToken cancellationToken)
    {
        switch (entity.Spec.Name)
        {
            case "slow":
                await Task.Delay(Timeout.Infinite, cancellationToken);
                break;
            case "boom":
                throw new InvalidOperationException("the widget webhook broke");
        }

        return Create(entity, context.DryRun);
    }

    public override ValidationResult Create(Widget entity, bool dryRun) =>
        entity.Spec.Size < 0 ? Fail($"spec.size must not be negative, got {entity.Spec.Size}", 422)
        : entity.Spec.Size > 100 ? Success($"spec.size {entity.Spec.Size} is larger than 100")
        : Success();

    public override ValidationResult Update(Widget oldEntity, Widget newEntity, bool dryRun) =>
        newEntity.Spec.Size < oldEntity.Spec.Size
            ? Fail($"spec.size may not shrink from {oldEntity.Spec.Size} to {newEntity.Spec.Size}")
            : Create(newEntity, dryRun);

    public override ValidationResult Delete(Widget entity, bool dryRun) =>
        entity.Metadata.Name == "keep" ? Fail("widget keep is protected") : Success();
}
