namespace Platform.Sandbox.Admission;

/// <summary>Where a webhook is served: a URL, or a Service (namespace/name/port/path), and the CA bundle to trust.</summary>
internal sealed record WebhookClientConfig(
    Uri? Url,
    string? ServiceNamespace,
    string? ServiceName,
    int ServicePort,
    string? ServicePath,
    byte[] CaBundle);
