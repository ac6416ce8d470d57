using System.Text;
using k8s;
using k8s.Models;
using Platform.Webhooks.Hosting;
using Platform.Webhooks.Registration;

namespace Platform.Webhooks.Configuration;

/// <summary>
/// Builds the Validating/MutatingWebhookConfigurations from the registered webhooks, the way the CRDs are built
/// from the entity classes. caBundle is left empty: cert-manager's CA injector or the self-managed CA fills it.
/// </summary>
internal sealed class WebhookConfigurationGenerator(IEnumerable<WebhookRegistration> registrations, AdmissionWebhookOptions settings)
{
    private readonly WebhookRegistration[] registrations = [.. registrations.OrderBy(r => r.Path, StringComparer.Ordinal)];

    public V1ValidatingWebhookConfiguration? Validating()
    {
        var webhooks = registrations.Where(r => r.Category == WebhookCategory.Validation).Select(r => new V1ValidatingWebhook
        {
            Name = r.Name,
            AdmissionReviewVersions = ["v1"],
            SideEffects = "None",
            TimeoutSeconds = settings.TimeoutSeconds,
            MatchPolicy = "Equivalent",
            FailurePolicy = r.Options.FailurePolicy,
            ClientConfig = ClientConfig(r),
            Rules = Rules(r),
            NamespaceSelector = r.Options.NamespaceSelector,
            ObjectSelector = r.Options.ObjectSelector,
        }).ToList();

        return webhooks.Count == 0 ? null : new V1ValidatingWebhookConfiguration
        {
            ApiVersion = "admissionregistration.k8s.io/v1",
            Kind = "ValidatingWebhookConfiguration",
            Metadata = Metadata(settings.ValidatingConfigurationName),
            Webhooks = webhooks,
        };
    }

    public V1MutatingWebhookConfiguration? Mutating()
    {
        var webhooks = registrations.Where(r => r.Category == WebhookCategory.Mutation).Select(r => new V1MutatingWebhook
        {
            Name = r.Name,
            AdmissionReviewVersions = ["v1"],
            SideEffects = "None",
            TimeoutSeconds = settings.TimeoutSeconds,
            MatchPolicy = "Equivalent",
            FailurePolicy = r.Options.FailurePolicy,
            ReinvocationPolicy = r.Options.ReinvocationPolicy ?? "Never",
            ClientConfig = ClientConfig(r),
            Rules = Rules(r),
            NamespaceSelector = r.Options.NamespaceSelector,
            ObjectSelector = r.Options.ObjectSelector,
        }).ToList();

        return webhooks.Count == 0 ? null : new V1MutatingWebhookConfiguration
        {
            ApiVersion = "admissionregistration.k8s.io/v1",
            Kind = "MutatingWebhookConfiguration",
            Metadata = Metadata(settings.MutatingConfigurationName),
            Webhooks = webhooks,
        };
    }

    /// <summary>The manifests as one multi-document YAML text, stable for a given set of registrations.</summary>
    public string RenderYaml()
    {
        var text = new StringBuilder("# Generated from the registered admission webhooks (Platform.Webhooks WebhookConfigurationGenerator). Do not edit.\n");
        var documents = new List<object>();
        if (Validating() is { } validating)
        {
            documents.Add(validating);
        }

        if (Mutating() is { } mutating)
        {
            documents.Add(mutating);
        }

        foreach (var document in documents)
        {
            text.Append("---\n").Append(KubernetesYaml.Serialize(document).Replace("\r\n", "\n", StringComparison.Ordinal));
            if (text[^1] != '\n')
            {
                text.Append('\n');
            }
        }

        return text.ToString();
    }

    private V1ObjectMeta Metadata(string name) => new()
    {
        Name = name,
        Labels = new Dictionary<string, string> { [settings.SuiteLabelName] = settings.SuiteLabelValue },
    };

    private Admissionregistrationv1WebhookClientConfig ClientConfig(WebhookRegistration registration) => new()
    {
        Service = new Admissionregistrationv1ServiceReference
        {
            Name = settings.ServiceName,
            NamespaceProperty = settings.Namespace,
            Path = registration.Path,
            Port = settings.ServicePort,
        },
    };

    private static List<V1RuleWithOperations> Rules(WebhookRegistration registration) =>
    [
        .. registration.Versions
            .GroupBy(v => (v.Group, v.Plural))
            .Select(g => new V1RuleWithOperations
            {
                ApiGroups = [g.Key.Group],
                ApiVersions = [.. g.Select(v => v.Version).Distinct().Order(StringComparer.Ordinal)],
                Resources = [g.Key.Plural],
                Operations = [.. registration.Operations],
                Scope = "*",
            }),
    ];
}
