using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Webhooks.Certificates;
using Platform.Webhooks.Diagnostics;
using Platform.Webhooks.Endpoints;

namespace Platform.Webhooks.Hosting;

/// <summary>
/// Runs Kestrel on the webhook port, separate from anything else the host serves. TLS 1.2+ only; the certificate
/// is picked per connection from <see cref="ServingCertificateStore"/>, which is how rotation drops no request.
/// </summary>
internal sealed class AdmissionServer(
    AdmissionRequestHandler handler,
    ServingCertificateStore certificates,
    IOptions<AdmissionWebhookOptions> options,
    ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private TlsApplicationHost? host;

    /// <summary>The bound address, e.g. https://127.0.0.1:41234 (after start).</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        host = await TlsApplicationHost.StartAsync(
            settings.BindAddress,
            settings.Port,
            settings.MaxRequestBodyBytes,
            certificates,
            "the admission server",
            handler.HandleAsync,
            loggerFactory,
            cancellationToken);
        Address = host.Address;
        loggerFactory.CreateLogger<AdmissionServer>().Listening(Address?.OriginalString ?? "?", handler.Paths.Count);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (host is not null)
        {
            await host.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
            host = null;
        }
    }
}
