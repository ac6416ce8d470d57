using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Webhooks.Certificates;

namespace Platform.Webhooks.Hosting;

/// <summary>
/// A bare Kestrel application on one HTTPS port, separate from anything else the host serves: HTTP/1.1 and HTTP/2,
/// TLS 1.2+ only, no Server header, 10 s for headers and for the handshake. The certificate is picked per connection
/// from a <see cref="ServingCertificateStore"/>, which is how rotation drops no request.
/// </summary>
internal sealed class TlsApplicationHost : IAsyncDisposable
{
    private static readonly List<SslApplicationProtocol> Protocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly WebApplication app;

    private TlsApplicationHost(WebApplication app, Uri? address)
    {
        this.app = app;
        Address = address;
    }

    /// <summary>The bound address as Kestrel reports it, e.g. https://127.0.0.1:8443; null if it reports none.</summary>
    public Uri? Address { get; }

    /// <summary>Binds <paramref name="bindAddress"/>:<paramref name="port"/> (0 picks a free port) and serves <paramref name="handler"/>.</summary>
    /// <param name="bindAddress">The IP address to listen on.</param>
    /// <param name="port">The TCP port; 0 lets the system choose.</param>
    /// <param name="maxRequestBodyBytes">The largest request body accepted; larger ones are refused by Kestrel.</param>
    /// <param name="certificates">Where the serving certificate is read for each handshake.</param>
    /// <param name="serverName">Names the server in the handshake error while no certificate is loaded.</param>
    /// <param name="handler">Answers every request.</param>
    /// <param name="loggerFactory">Kestrel's logs go here.</param>
    /// <param name="cancellationToken">Abandons the start.</param>
    public static async Task<TlsApplicationHost> StartAsync(
        string bindAddress,
        int port,
        long maxRequestBodyBytes,
        ServingCertificateStore certificates,
        string serverName,
        RequestDelegate handler,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(TlsApplicationHost).Assembly.GetName().Name });
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.WebHost.UseKestrelCore().UseKestrelHttpsConfiguration().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = maxRequestBodyBytes;
            kestrel.Limits.RequestHeadersTimeout = Timeout;
            kestrel.Listen(IPAddress.Parse(bindAddress), port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(new TlsHandshakeCallbackOptions
                {
                    HandshakeTimeout = Timeout,
                    OnConnection = _ => ValueTask.FromResult(AuthenticationOptions(certificates, serverName)),
                });
            });
        });

        var app = builder.Build();
        app.Run(handler);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        return new TlsApplicationHost(app, bound is null ? null : new Uri(bound));
    }

    /// <summary>Stops accepting connections and drains the open ones.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => app.StopAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => app.DisposeAsync();

    private static SslServerAuthenticationOptions AuthenticationOptions(ServingCertificateStore certificates, string serverName)
    {
        var current = certificates.Current ?? throw new AuthenticationException($"{serverName} has no serving certificate yet");
        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = current.Context,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ApplicationProtocols = Protocols,
            ClientCertificateRequired = false,
        };
    }
}
