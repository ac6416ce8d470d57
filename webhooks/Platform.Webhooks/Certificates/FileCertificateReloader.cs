using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Webhooks.Diagnostics;
using Platform.Webhooks.Hosting;

namespace Platform.Webhooks.Certificates;

/// <summary>
/// Serves tls.crt/tls.key from a directory (a mounted Secret, e.g. from cert-manager) and reloads them when their
/// content changes. Polling rather than file events: Secret volumes change by swapping a symlink, which file
/// watchers report unreliably. A half-written pair fails to load and the current certificate stays in use.
/// </summary>
internal sealed class FileCertificateReloader(
    ServingCertificateStore store,
    IOptions<AdmissionWebhookOptions> options,
    TimeProvider timeProvider,
    ILogger<FileCertificateReloader> logger) : BackgroundService
{
    public const string CertificateFile = "tls.crt";
    public const string KeyFile = "tls.key";

    private readonly Lock gate = new();
    private byte[]? loadedFingerprint;

    private bool Enabled => options.Value.CertificateMode == ServingCertificateMode.Files;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (Enabled)
        {
            Reload();
        }

        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.CertificateCheckInterval, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Reload();
        }
    }

    /// <summary>Loads the files if their content changed; returns true when a new certificate was published.</summary>
    public bool Reload()
    {
        var directory = options.Value.CertificateDirectory;
        lock (gate)
        {
            return Load(directory);
        }
    }

    private bool Load(string directory)
    {
        try
        {
            var certificatePem = File.ReadAllText(Path.Combine(directory, CertificateFile));
            var keyPem = File.ReadAllText(Path.Combine(directory, KeyFile));
            var fingerprint = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(certificatePem + "\n" + keyPem));
            if (loadedFingerprint is not null && fingerprint.AsSpan().SequenceEqual(loadedFingerprint))
            {
                return false;
            }

            var certificate = X509Certificate2.CreateFromPem(certificatePem, keyPem);
            var chain = new X509Certificate2Collection();
            chain.ImportFromPem(certificatePem);
            var intermediates = new X509Certificate2Collection();
            foreach (var extra in chain)
            {
                if (extra.Thumbprint != certificate.Thumbprint)
                {
                    intermediates.Add(extra);
                }
            }

            store.Publish(ServingCertificate.Create(certificate, intermediates.Count > 0 ? intermediates : null));
            loadedFingerprint = fingerprint;
            logger.CertificateLoaded(certificate.Subject, new DateTimeOffset(certificate.NotAfter.ToUniversalTime()));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            logger.CertificateFilesUnusable(directory, e);
            return false;
        }
    }
}
