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

    /// <summary>A keep-alive connection that trusts only the benchmark CA and posts <paramref name="body"/> to <paramref name="path"/>.</summary>
    public Task<AdmissionConnection> ConnectAsync(string path, byte[] body) => AdmissionConnection.OpenAsync(Host, Port, authority, path, body);

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
