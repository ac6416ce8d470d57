using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Webhooks.Certificates;
using Platform.Webhooks.Hosting;

namespace Platform.Webhooks.Tests.Support;

/// <summary>
/// A running admission server on 127.0.0.1 with the test webhooks, serving certificates from files, and HTTPS
/// clients that trust only the test CA and check the Service DNS name, as the API server does.
/// </summary>
internal sealed class WebhookHost : IAsyncDisposable
{
    private readonly IHost host;

    private WebhookHost(IHost host, TestPki pki, string certificateDirectory)
    {
        this.host = host;
        Pki = pki;
        CertificateDirectory = certificateDirectory;
        Port = host.Services.GetRequiredService<AdmissionServer>().Address!.Port;
    }

    public TestPki Pki { get; }

    public string CertificateDirectory { get; }

    public int Port { get; }

    public IServiceProvider Services => host.Services;

    /// <summary>https://platform-webhooks.platform-system.svc:{port}; clients connect it to 127.0.0.1.</summary>
    public Uri BaseAddress => new($"https://{TestPki.Host}:{Port}");

    public static async Task<WebhookHost> StartAsync(Action<AdmissionWebhookOptions>? configure = null, Action<IAdmissionWebhookBuilder>? register = null)
    {
        var pki = new TestPki();
        var directory = Directory.CreateTempSubdirectory("webhook-certs-").FullName;
        pki.WriteServing(directory);

        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddLogging();
        var webhooks = builder.Services.AddAdmissionWebhooks(options =>
        {
            options.BindAddress = "127.0.0.1";
            options.Port = 0;
            options.CertificateMode = ServingCertificateMode.Files;
            options.CertificateDirectory = directory;
            options.ServiceName = TestPki.Service;
            options.Namespace = TestPki.Namespace;
            configure?.Invoke(options);
        });
        if (register is null)
        {
            webhooks.AddValidation<WidgetValidationWebhook, Widget>().AddMutation<WidgetMutationWebhook, Widget>();
        }
        else
        {
            register(webhooks);
        }

        var host = builder.Build();
        await host.StartAsync();
        return new WebhookHost(host, pki, directory);
    }

    /// <summary>A keep-alive client trusting only <paramref name="trusted"/> (the test CA unless given).</summary>
    public HttpClient CreateClient(X509Certificate2? trusted = null, Action<X509Certificate2>? onServerCertificate = null, System.Security.Authentication.SslProtocols? protocols = null)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { trusted ?? Pki.Authority },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
                EnabledSslProtocols = protocols ?? System.Security.Authentication.SslProtocols.None,
            },
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        };
        if (onServerCertificate is not null)
        {
            // Only observes: the chain policy above has already decided trust, and its verdict is kept.
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is not null)
                {
                    onServerCertificate(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
                }

                return errors == SslPolicyErrors.None;
            };
        }

        return new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public T Get<T>()
        where T : notnull => host.Services.GetRequiredService<T>();

    public ServingCertificateStore Certificates => Get<ServingCertificateStore>();

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
        try
        {
            Directory.Delete(CertificateDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory left behind does no harm.
        }
    }
}
