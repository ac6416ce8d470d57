namespace Platform.Sandbox.Admission;

/// <summary>A webhook that applies to a request, and the version the request is sent in (differs under matchPolicy Equivalent).</summary>
internal sealed record WebhookMatch(WebhookRegistration Webhook, string SentVersion);
