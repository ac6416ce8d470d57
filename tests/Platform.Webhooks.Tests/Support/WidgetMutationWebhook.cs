using Platform.Webhooks.Abstractions.Mutation;

namespace Platform.Webhooks.Tests.Support;

/// <summary>Test mutation: defaults size 0 to 1, adds a "managed" tag and a label with '/' and '~' in its key.</summary>
internal sealed class WidgetMutationWebhook : MutationWebhook<Widget>
{
    public const string LabelKey = "platform.io/owner~team";

    public override MutationResult<Widget> Create(Widget entity, bool dryRun)
    {
        if (entity.Spec.Name == "untouched")
        {
            return NoChanges();
        }

        if (entity.Spec.Name == "forbidden")
        {
            return Fail("forbidden widgets are not admitted");
        }

        if (entity.Spec.Size == 0)
        {
            entity.Spec.Size = 1;
        }

        entity.Spec.Tags = [.. entity.Spec.Tags ?? [], "managed"];
        entity.Spec.Labels ??= [];
        entity.Spec.Labels[LabelKey] = "platform";
        return Modified(entity, "defaults applied");
    }
}
