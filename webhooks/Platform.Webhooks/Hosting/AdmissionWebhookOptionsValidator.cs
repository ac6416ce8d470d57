using System.Net;
using Microsoft.Extensions.Options;

namespace Platform.Webhooks.Hosting;

/// <summary>Rejects settings the server cannot run with, at start rather than at the first request.</summary>
internal sealed class AdmissionWebhookOptionsValidator : IValidateOptions<AdmissionWebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, AdmissionWebhookOptions options)
    {
        var failures = new List<string>();
        if (!IPAddress.TryParse(options.BindAddress, out _))
        {
            failures.Add($"BindAddress \"{options.BindAddress}\" is not an IP address");
        }

        if (options.Port is < 0 or > 65535)
        {
            failures.Add($"Port {options.Port} is outside 0..65535");
        }

        if (options.ServicePort is < 1 or > 65535)
        {
            failures.Add($"ServicePort {options.ServicePort} is outside 1..65535");
        }

        if (options.MaxRequestBodyBytes <= 0)
        {
            failures.Add("MaxRequestBodyBytes must be positive");
        }

        if (options.TimeoutSeconds is < 1 or > 5)
        {
            failures.Add($"TimeoutSeconds {options.TimeoutSeconds} is outside 1..5");
        }

        if (options.RequestTimeout <= TimeSpan.Zero || options.RequestTimeout > TimeSpan.FromSeconds(options.TimeoutSeconds))
        {
            failures.Add($"RequestTimeout must be positive and at most TimeoutSeconds ({options.TimeoutSeconds} s), so the server answers before the API server gives up");
        }

        if (options.CertificateCheckInterval <= TimeSpan.Zero || options.CaBundleResyncInterval <= TimeSpan.Zero || options.RetryInterval <= TimeSpan.Zero)
        {
            failures.Add("CertificateCheckInterval, CaBundleResyncInterval and RetryInterval must be positive");
        }

        if (options.RenewBefore <= TimeSpan.Zero || options.RenewBefore >= options.ServingCertificateLifetime)
        {
            failures.Add("RenewBefore must be positive and shorter than ServingCertificateLifetime");
        }

        if (options.CaLifetime <= options.ServingCertificateLifetime)
        {
            failures.Add("CaLifetime must be longer than ServingCertificateLifetime");
        }

        foreach (var (value, field) in new[]
                 {
                     (options.ServiceName, nameof(options.ServiceName)), (options.Namespace, nameof(options.Namespace)),
                     (options.CaSecretName, nameof(options.CaSecretName)), (options.SuiteLabelName, nameof(options.SuiteLabelName)),
                     (options.ValidatingConfigurationName, nameof(options.ValidatingConfigurationName)),
                     (options.MutatingConfigurationName, nameof(options.MutatingConfigurationName)),
                     (options.CertificateDirectory, nameof(options.CertificateDirectory)),
                 })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                failures.Add($"{field} must not be empty");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
