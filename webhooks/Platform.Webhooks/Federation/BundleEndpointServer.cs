using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Identity.Federation;
using Platform.Webhooks.Certificates;
using Platform.Webhooks.Hosting;

namespace Platform.Webhooks.Federation;

/// <summary>
/// Serves the trust domain's SPIFFE bundle over HTTPS as SPIRE's bundle endpoint does: <c>GET /</c> answers the JWK Set
/// with <c>Content-Type: application/json</c>, any other method 405, any other path 404, TLS 1.2+. Runs on every
/// replica (no leadership): the document comes from the published ClusterTrustBundle (<see cref="BundleEndpointSource"/>);
/// 503 until one is published. The certificate is the admission server's, or its own directory's.
/// </summary>
internal sealed class BundleEndpointServer(
    BundleEndpointSource source,
    ServingCertificateStore sharedCertificates,
    IOptions<BundleEndpointOptions> options,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private readonly ILogger logger = loggerFactory.CreateLogger<BundleEndpointServer>();
    private TlsApplicationHost? host;
    private FileCertificateReloader? ownCertificates;
    private ServingCertificateStore certificates = sharedCertificates;

    /// <summary>The bound address, e.g. https://127.0.0.1:8443 (after start).</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.CertificateDirectory is { } directory)
        {
            certificates = new ServingCertificateStore();
            ownCertificates = new FileCertificateReloader(
                certificates,
                Options.Create(new AdmissionWebhookOptions { CertificateMode = ServingCertificateMode.Files, CertificateDirectory = directory }),
                timeProvider,
                loggerFactory.CreateLogger<FileCertificateReloader>());
            await ownCertificates.StartAsync(cancellationToken);
        }

        host = await TlsApplicationHost.StartAsync(
            settings.BindAddress,
            settings.Port,
            maxRequestBodyBytes: 0,
            certificates,
            "the bundle endpoint",
            HandleAsync,
            loggerFactory,
            cancellationToken);
        Address = host.Address;
        logger.Listening(Address?.OriginalString ?? "?");

        // Start the ClusterTrustBundle informer now, so the first federation poll finds a warm cache.
        _ = source.WaitForSyncAsync(CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (host is not null)
        {
            await host.StopAsync(cancellationToken);
        }

        if (ownCertificates is not null)
        {
            await ownCertificates.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
            host = null;
        }

        ownCertificates?.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        int code;
        if (!HttpMethods.IsGet(request.Method))
        {
            code = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "GET";
            await WriteTextAsync(response, code, "405 method not allowed\n");
        }
        else if (request.Path != "/")
        {
            code = StatusCodes.Status404NotFound;
            await WriteTextAsync(response, code, "404 not found\n");
        }
        else if (source.Current() is not { } document)
        {
            code = StatusCodes.Status503ServiceUnavailable;
            response.Headers.RetryAfter = "5";
            await WriteTextAsync(response, code, "503 the trust bundle is not published yet\n");
        }
        else
        {
            code = StatusCodes.Status200OK;
            response.StatusCode = code;
            response.ContentType = "application/json";
            response.ContentLength = document.Json.Length;
            await response.Body.WriteAsync(document.Json, context.RequestAborted);
        }

        logger.Answered(request.Method, request.Path.Value ?? "/", code);
    }

    private static Task WriteTextAsync(HttpResponse response, int code, string text)
    {
        response.StatusCode = code;
        response.ContentType = "text/plain; charset=utf-8";
        return response.WriteAsync(text);
    }
}
