namespace Platform.Webhooks.Registration;

/// <summary>Which admission stage a webhook serves.</summary>
internal enum WebhookCategory
{
    Validation,
    Mutation,
}
