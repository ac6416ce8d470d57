using k8s.Models;

namespace Platform.Webhooks.Registration;

/// <summary>How one webhook appears in the generated Validating/MutatingWebhookConfiguration.</summary>
public sealed class WebhookRegistrationOptions
{
    /// <summary>"Fail" (the default: our own kinds must not slip through) or "Ignore".</summary>
    public string FailurePolicy { get; set; } = "Fail";

    /// <summary>Restricts the webhook to namespaces matching this selector.</summary>
    public V1LabelSelector? NamespaceSelector { get; set; }

    /// <summary>Restricts the webhook to objects matching this selector.</summary>
    public V1LabelSelector? ObjectSelector { get; set; }

    /// <summary>Mutation only: "Never" (default) or "IfNeeded".</summary>
    public string? ReinvocationPolicy { get; set; }

    /// <summary>
    /// The operations the API server sends. When empty, CREATE and UPDATE, plus DELETE when the webhook overrides
    /// Delete or DeleteAsync.
    /// </summary>
    public IList<string> Operations { get; } = [];
}
