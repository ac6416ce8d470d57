using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Webhooks.Configuration;
using Platform.Webhooks.Diagnostics;
using Platform.Webhooks.Hosting;

namespace Platform.Webhooks.Certificates;

/// <summary>
/// Self-managed serving certificates: one CA shared by every replica through a Secret (whoever creates it first
/// wins, the others read it), a serving certificate per replica for &lt;service&gt;.&lt;namespace&gt;.svc renewed
/// before it expires, and the CA written as caBundle into the suite's own webhook configurations.
/// </summary>
internal sealed class SelfManagedCertificateAuthority(
    ServingCertificateStore store,
    IServiceProvider services,
    IOptions<AdmissionWebhookOptions> options,
    TimeProvider timeProvider,
    ILogger<SelfManagedCertificateAuthority> logger) : BackgroundService
{
    public const string CaCertificateKey = "ca.crt";
    public const string CaKeyKey = "ca.key";

    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(15);

    private X509Certificate2? authority;

    private bool Enabled => options.Value.CertificateMode == ServingCertificateMode.SelfManaged;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Enabled)
        {
            // One attempt before the server starts, so a healthy cluster serves from the first request;
            // failures are retried in the background.
            await TryStepAsync(cancellationToken);
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }

        var settings = options.Value;
        var healthy = store.Current is not null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = healthy ? NextWake(settings) : settings.RetryInterval;
            try
            {
                await Task.Delay(delay, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            healthy = await TryStepAsync(stoppingToken);
        }
    }

    /// <summary>Ensures CA, serving certificate and caBundles once; true when all succeeded.</summary>
    public async Task<bool> TryStepAsync(CancellationToken cancellationToken)
    {
        // Bounds a hung API connection (the client's own timeout is 100 s), so start-up cannot stall on it. Wall-clock
        // on purpose: this guards the network, not certificate lifetimes, which follow the injected TimeProvider.
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(AttemptTimeout);
        try
        {
            await StepAsync(attempt.Token);
            return true;
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException or InvalidOperationException or
                                      System.Security.Cryptography.CryptographicException or ArgumentException ||
                                  (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.SelfManagedStepFailed(options.Value.RetryInterval, e);
            return false;
        }
    }

    private async Task StepAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var client = services.GetRequiredService<IKubernetes>();
        var ca = await EnsureAuthorityAsync(client, settings, cancellationToken);
        var now = timeProvider.GetUtcNow();
        var current = store.Current;
        if (current is null || now >= current.NotAfter - settings.RenewBefore || !IssuedBy(current.Certificate, ca))
        {
            var serving = CertificateIssuer.IssueServing(ca, CertificateIssuer.ServiceDnsNames(settings.ServiceName, settings.Namespace), now, settings.ServingCertificateLifetime);
            store.Publish(ServingCertificate.Create(serving));
            logger.CertificateLoaded(serving.Subject, new DateTimeOffset(serving.NotAfter.ToUniversalTime()));
        }

        var injector = new CaBundleInjector(client, settings, logger);
        await injector.InjectAsync(Encoding.ASCII.GetBytes(ca.ExportCertificatePem() + "\n"), cancellationToken);
    }

    private async Task<X509Certificate2> EnsureAuthorityAsync(IKubernetes client, AdmissionWebhookOptions settings, CancellationToken cancellationToken)
    {
        var secret = await ReadSecretAsync(client, settings, cancellationToken);
        if (secret is null)
        {
            var created = CertificateIssuer.CreateAuthority($"{settings.ServiceName}-ca", timeProvider.GetUtcNow(), settings.CaLifetime);
            var body = new V1Secret
            {
                Metadata = new V1ObjectMeta
                {
                    Name = settings.CaSecretName,
                    NamespaceProperty = settings.Namespace,
                    Labels = new Dictionary<string, string> { [settings.SuiteLabelName] = settings.SuiteLabelValue },
                },
                Type = "Opaque",
                Data = new Dictionary<string, byte[]>
                {
                    [CaCertificateKey] = Encoding.ASCII.GetBytes(created.ExportCertificatePem() + "\n"),
                    [CaKeyKey] = Encoding.ASCII.GetBytes(created.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem() + "\n"),
                },
            };
            try
            {
                secret = await client.CoreV1.CreateNamespacedSecretAsync(body, settings.Namespace, cancellationToken: cancellationToken);
                logger.CaCreated(settings.Namespace, settings.CaSecretName);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // Another replica created it first: use theirs so every replica chains to the same caBundle.
                secret = await ReadSecretAsync(client, settings, cancellationToken)
                         ?? throw new InvalidOperationException($"Secret {settings.Namespace}/{settings.CaSecretName} vanished after a create conflict");
            }
        }

        if (secret.Data is null || !secret.Data.TryGetValue(CaCertificateKey, out var certificatePem) || !secret.Data.TryGetValue(CaKeyKey, out var keyPem))
        {
            throw new InvalidOperationException($"Secret {settings.Namespace}/{settings.CaSecretName} lacks {CaCertificateKey} or {CaKeyKey}");
        }

        if (authority is not null && authority.RawData.AsSpan().SequenceEqual(X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(certificatePem)).RawData))
        {
            return authority;
        }

        authority = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(certificatePem), Encoding.ASCII.GetString(keyPem));
        return authority;
    }

    private static async Task<V1Secret?> ReadSecretAsync(IKubernetes client, AdmissionWebhookOptions settings, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CoreV1.ReadNamespacedSecretAsync(settings.CaSecretName, settings.Namespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static bool IssuedBy(X509Certificate2 certificate, X509Certificate2 ca) =>
        certificate.IssuerName.RawData.AsSpan().SequenceEqual(ca.SubjectName.RawData) &&
        certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().FirstOrDefault()?.KeyIdentifier is { } aki &&
        ca.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault()?.SubjectKeyIdentifierBytes is { } ski &&
        aki.Span.SequenceEqual(ski.Span);

    private TimeSpan NextWake(AdmissionWebhookOptions settings)
    {
        var untilRenewal = store.Current is { } current ? current.NotAfter - settings.RenewBefore - timeProvider.GetUtcNow() : TimeSpan.Zero;
        return untilRenewal < settings.CaBundleResyncInterval ? (untilRenewal > TimeSpan.Zero ? untilRenewal : TimeSpan.FromSeconds(1)) : settings.CaBundleResyncInterval;
    }
}
