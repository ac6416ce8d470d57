using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Platform.E2E.Tests.Support;
using Platform.Identity;
using Platform.Operator.Abstractions.Builder;
using Platform.Operator.Runtime.Hosting;
using Platform.Sandbox.Hosting;
using Platform.Webhooks.Federation;
using Platform.Webhooks.Hosting;

namespace Platform.E2E.Tests.Identity;

/// <summary>
/// Two controller replicas against the embedded control plane, each serving the SPIFFE bundle endpoint: the leader
/// (no election; runs the CA on a fake identity clock) and a standby that never gets the Lease (a phantom holds it).
/// Both use self-managed serving certificates from one CA Secret, as replicas of <c>platform controller</c> do.
/// </summary>
public sealed class FederationReplicas : IAsyncLifetime
{
    public const string SuiteNamespace = "platform-system";
    public const string LeaseName = "platform-controller-leader";

    public FakeTimeProvider IdentityTime { get; } = new(DateTimeOffset.UtcNow);

    public IdentityOptions Options { get; } = new() { TrustDomain = "federation.example", BundleRefreshHint = TimeSpan.FromSeconds(90) };

    public SandboxServer Server { get; private set; } = null!;

    public Kubernetes Client { get; private set; } = null!;

    public IHost Leader { get; private set; } = null!;

    public IHost Standby { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await SandboxServer.StartAsync(new SandboxOptions { EnableWebhookAdmission = false });
        Client = Server.CreateClient();
        await Server.ApplyManifestAsync(await File.ReadAllTextAsync(Path.Combine(RepositoryFiles.Root, "crds", "generated", "clusterspiffeids.spire.spiffe.io.yaml")));
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = SuiteNamespace } });
        var now = DateTime.UtcNow;
        await Client.CoordinationV1.CreateNamespacedLeaseAsync(
            new V1Lease
            {
                Metadata = new V1ObjectMeta { Name = LeaseName, NamespaceProperty = SuiteNamespace },
                Spec = new V1LeaseSpec { HolderIdentity = "phantom-leader", LeaseDurationSeconds = 3600, AcquireTime = now, RenewTime = now },
            },
            SuiteNamespace);

        Leader = await StartReplicaAsync(s => s.WithoutLeaderElection());
        Standby = await StartReplicaAsync(s => s.WithLeaderElection(LeaseName, SuiteNamespace, "standby", retryPeriod: TimeSpan.FromMilliseconds(500)));
    }

    public static Uri Url(IHost replica) =>
        new($"https://platform-webhooks.{SuiteNamespace}.svc:{replica.Services.GetRequiredService<BundleEndpointServer>().Address!.Port}/");

    public async Task DisposeAsync()
    {
        foreach (var host in new[] { Standby, Leader })
        {
            if (host is not null)
            {
                await host.StopAsync();
                host.Dispose();
            }
        }

        Client?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }

    private async Task<IHost> StartReplicaAsync(Func<OperatorSettingsBuilder, OperatorSettingsBuilder> election)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<IKubernetes>(Server.CreateClient());
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services
            .AddKubernetesOperator(s => election(s.WithName("platform")).With(o => o with
            {
                ReconnectInitialDelay = TimeSpan.FromMilliseconds(50),
                ReconnectMaxDelay = TimeSpan.FromMilliseconds(400),
                ShutdownTimeout = TimeSpan.FromSeconds(5),
            }))
            .AddIdentity(Options, SuiteNamespace, clock: IdentityTime);
        builder.Services.AddSpiffeBundleEndpoint(
            o =>
            {
                o.BindAddress = "127.0.0.1";
                o.Port = 0;
            },
            o =>
            {
                o.CertificateMode = ServingCertificateMode.SelfManaged;
                o.Namespace = SuiteNamespace;
            });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
