using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
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
    private static readonly List<SslApplicationProtocol> Protocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];

    private WebApplication? app;

    /// <summary>The bound address, e.g. https://127.0.0.1:41234 (after start).</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(AdmissionServer).Assembly.GetName().Name });
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.WebHost.UseKestrelCore().UseKestrelHttpsConfiguration().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = settings.MaxRequestBodyBytes;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            kestrel.Listen(IPAddress.Parse(settings.BindAddress), settings.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(new TlsHandshakeCallbackOptions
                {
                    HandshakeTimeout = TimeSpan.FromSeconds(10),
                    OnConnection = _ => ValueTask.FromResult(AuthenticationOptions()),
                });
            });
        });

        app = builder.Build();
        app.Run(handler.HandleAsync);
        await app.StartAsync(cancellationToken);

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        Address = bound is null ? null : new Uri(bound);
        loggerFactory.CreateLogger<AdmissionServer>().Listening(bound ?? "?", handler.Paths.Count);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (app is not null)
        {
            await app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
            app = null;
        }
    }

    private SslServerAuthenticationOptions AuthenticationOptions()
    {
        var current = certificates.Current ?? throw new AuthenticationException("the admission server has no serving certificate yet");
        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = current.Context,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ApplicationProtocols = Protocols,
            ClientCertificateRequired = false,
        };
    }
}
