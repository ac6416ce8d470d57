using System.Net;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Logging;
using Platform.Webhooks.Diagnostics;
using Platform.Webhooks.Hosting;

namespace Platform.Webhooks.Configuration;

/// <summary>
/// Writes the CA into clientConfig.caBundle of the suite's own Validating/MutatingWebhookConfigurations: only those
/// carrying the suite label, never anyone else's. Objects already up to date are not written (no churn), and a
/// write conflict is left to the next resync.
/// </summary>
internal sealed class CaBundleInjector(IKubernetes client, AdmissionWebhookOptions settings, ILogger logger)
{
    public async Task InjectAsync(byte[] caBundle, CancellationToken cancellationToken)
    {
        var selector = $"{settings.SuiteLabelName}={settings.SuiteLabelValue}";

        var validating = await client.AdmissionregistrationV1.ListValidatingWebhookConfigurationAsync(labelSelector: selector, cancellationToken: cancellationToken);
        foreach (var configuration in validating.Items)
        {
            var stale = false;
            foreach (var webhook in configuration.Webhooks ?? [])
            {
                if (webhook.ClientConfig is not null && !Same(webhook.ClientConfig.CaBundle, caBundle))
                {
                    webhook.ClientConfig.CaBundle = caBundle;
                    stale = true;
                }
            }

            if (stale && await ReplaceAsync(() => client.AdmissionregistrationV1.ReplaceValidatingWebhookConfigurationAsync(configuration, configuration.Metadata.Name, cancellationToken: cancellationToken)))
            {
                logger.CaBundleWritten("ValidatingWebhookConfiguration", configuration.Metadata.Name);
            }
        }

        var mutating = await client.AdmissionregistrationV1.ListMutatingWebhookConfigurationAsync(labelSelector: selector, cancellationToken: cancellationToken);
        foreach (var configuration in mutating.Items)
        {
            var stale = false;
            foreach (var webhook in configuration.Webhooks ?? [])
            {
                if (webhook.ClientConfig is not null && !Same(webhook.ClientConfig.CaBundle, caBundle))
                {
                    webhook.ClientConfig.CaBundle = caBundle;
                    stale = true;
                }
            }

            if (stale && await ReplaceAsync(() => client.AdmissionregistrationV1.ReplaceMutatingWebhookConfigurationAsync(configuration, configuration.Metadata.Name, cancellationToken: cancellationToken)))
            {
                logger.CaBundleWritten("MutatingWebhookConfiguration", configuration.Metadata.Name);
            }
        }
    }

    private static bool Same(byte[]? current, byte[] wanted) => current is not null && current.AsSpan().SequenceEqual(wanted);

    private static async Task<bool> ReplaceAsync(Func<Task> replace)
    {
        try
        {
            await replace();
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
