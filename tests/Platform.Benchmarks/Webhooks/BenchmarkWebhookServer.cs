using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Webhooks;
using Platform.Webhooks.Certificates;
using Platform.Webhooks.Hosting;

namespace Platform.Benchmarks.Webhooks;

/// <summary>The admission server with the suite's webhooks on 127.0.0.1, and keep-alive clients trusting only its CA.</summary>
internal sealed class BenchmarkWebhookServer : IAsyncDisposable
{
    private const string Host = "platform-webhooks.platform-system.svc";

    private readonly IHost host;
    private readonly string directory;
    private readonly X509Certificate2 authority;

    private BenchmarkWebhookServer(IHost host, string directory, X509Certificate2 authority)
    {
        this.host = host;
        this.directory = directory;
        this.authority = authority;
        Port = host.Services.GetRequiredService<AdmissionServer>().Address!.Port;
    }

    public int Port { get; }

    public static async Task<BenchmarkWebhookServer> StartAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var authority = CertificateIssuer.CreateAuthority("bench-ca", now, TimeSpan.FromDays(2));
        var serving = CertificateIssuer.IssueServing(authority, CertificateIssuer.ServiceDnsNames("platform-webhooks", "platform-system"), now, TimeSpan.FromDays(1));
        var directory = Directory.CreateTempSubdirectory("webhook-bench-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "tls.crt"), serving.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(directory, "tls.key"), serving.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());

        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddLogging();
        builder.Services.AddAdmissionWebhooks(o =>
        {
            o.BindAddress = "127.0.0.1";
            o.Port = 0;
            o.CertificateDirectory = directory;
        }).AddPlatformWebhooks();
        var host = builder.Build();
        await host.StartAsync();
        return new BenchmarkWebhookServer(host, directory, authority);
    }

    public HttpClient CreateClient(int maxConnections)
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
                    CustomTrustStore = { authority },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            },
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        };
        return new HttpClient(handler) { BaseAddress = new Uri($"https://{Host}:{Port}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
