using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Operator.Runtime.Hosting;
using Platform.Sandbox.Cluster;
using Platform.Sandbox.Hosting;
using Platform.Testing.Polling;

namespace Platform.Identity.Tests.Controllers;

/// <summary>
/// The embedded control plane with the ClusterSPIFFEID CRD, a two-node simulated cluster whose kubelets serve
/// podCertificate volumes, and an operator host running only the identity controllers (trust domain example.org).
/// </summary>
public sealed class IdentityControlPlane : IAsyncLifetime
{
    public const string TrustDomain = "example.org";
    public const string SuiteNamespace = "platform-system";

    private IHost? host;

    public SandboxServer Server { get; private set; } = null!;

    public SimulatedCluster Cluster { get; private set; } = null!;

    public Kubernetes Client { get; private set; } = null!;

    public IdentityOptions Options { get; } = new() { TrustDomain = TrustDomain, ClusterName = "test" };

    /// <summary>The identity clock (CA rotation, SVID validity); null for the host's real clock.</summary>
    public TimeProvider? IdentityTime { get; init; }

    public string WorkingDirectory { get; } = Path.Combine(Path.GetTempPath(), "identity-cluster-" + Guid.NewGuid().ToString("N"));

    public IServiceProvider Services => host!.Services;

    /// <summary>The operator hosts' log lines, shown when a wait times out.</summary>
    internal RecordingLoggerProvider Log { get; } = new();

    public async Task InitializeAsync()
    {
        // The API server shares the identity clock: it checks an issued certificate's notBefore against its own time.
        Server = await SandboxServer.StartAsync(new SandboxOptions { EnableWebhookAdmission = false, TimeProvider = IdentityTime ?? TimeProvider.System });
        Client = Server.CreateClient();
        await Server.ApplyManifestAsync(await File.ReadAllTextAsync(RepositoryFile("crds/generated/clusterspiffeids.spire.spiffe.io.yaml")));
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = SuiteNamespace } });
        Cluster = await SimulatedCluster.StartAsync(Server, new SimulatedClusterOptions { Nodes = 2, WorkingDirectory = WorkingDirectory });
        host = await StartOperatorAsync();
    }

    /// <summary>Starts an operator host with the identity controllers (a second one simulates a restart).</summary>
    public async Task<IHost> StartOperatorAsync()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<IKubernetes>(Server.CreateClient());
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Logging.AddProvider(Log);
        builder.Services
            .AddKubernetesOperator(s => s.WithoutLeaderElection().WithConcurrency(2).With(o => o with
            {
                ReconnectInitialDelay = TimeSpan.FromMilliseconds(50),
                ReconnectMaxDelay = TimeSpan.FromMilliseconds(400),
                ShutdownTimeout = TimeSpan.FromSeconds(5),
            }))
            .AddIdentity(Options, SuiteNamespace, clock: IdentityTime);
        var started = builder.Build();
        await started.StartAsync();
        return started;
    }

    public async Task<string> NamespaceAsync(string prefix, IDictionary<string, string>? labels = null)
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name, Labels = labels } });
        return name;
    }

    /// <summary>Creates a pod with a podCertificate projected volume and waits until it runs (issuance done).</summary>
    public async Task<V1Pod> RunCertificatePodAsync(string ns, string name, IDictionary<string, string>? labels = null, string? serviceAccount = null)
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = labels },
            Spec = new V1PodSpec
            {
                ServiceAccountName = serviceAccount,
                Containers = [new V1Container { Name = "app", Image = "nginx:1.27" }],
                Volumes =
                [
                    new V1Volume
                    {
                        Name = "svid",
                        Projected = new V1ProjectedVolumeSource
                        {
                            Sources =
                            [
                                new V1VolumeProjection
                                {
                                    PodCertificate = new V1PodCertificateProjection
                                    {
                                        SignerName = Options.SignerName, KeyType = "ECDSAP256", MaxExpirationSeconds = 3600, CredentialBundlePath = "credentials.pem",
                                    },
                                },
                            ],
                        },
                    },
                ],
            },
        };
        await Client.CoreV1.CreateNamespacedPodAsync(pod, ns);
        try
        {
            return await Eventually.GetAsync(
                async () => await Client.CoreV1.ReadNamespacedPodAsync(name, ns) is { Status.Phase: "Running" } p ? p : null, $"pod {ns}/{name} running");
        }
        catch (TimeoutException timeout)
        {
            // Seen once in CI and not reproduced since: say where the pod's certificate got stuck.
            var requests = await Client.CertificatesV1.ListNamespacedPodCertificateRequestAsync(ns);
            var events = await Client.CoreV1.ListNamespacedEventAsync(ns);
            var stuck = await Client.CoreV1.ReadNamespacedPodAsync(name, ns);
            throw new TimeoutException(
                $"{timeout.Message}; pod status {KubernetesJson.Serialize(stuck.Status)}; requests "
                + string.Join(" | ", requests.Items.Select(r => $"{r.Metadata.Name} for {r.Spec.PodName}: {KubernetesJson.Serialize(r.Status)}"))
                + "; events " + string.Join(" | ", events.Items.Select(e => $"{e.Reason}: {e.Message}")),
                timeout);
        }
    }

    /// <summary>The pod's credential bundle: the private key PEM and the certificate chain (leaf first).</summary>
    public async Task<(string KeyPem, List<X509Certificate2> Chain, string ChainPem)> CredentialsAsync(V1Pod pod)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(Cluster.PodVolumePath(pod.Metadata.Uid, "svid"), "credentials.pem"));
        var keyEnd = text.IndexOf("-----END PRIVATE KEY-----", StringComparison.Ordinal) + "-----END PRIVATE KEY-----".Length;
        var chainPem = text[keyEnd..].Trim() + "\n";
        var chain = new List<X509Certificate2>();
        var rest = chainPem.AsMemory();
        while (PemEncoding.TryFind(rest.Span, out var fields))
        {
            chain.Add(X509CertificateLoader.LoadCertificate(Convert.FromBase64String(rest.Span[fields.Base64Data].ToString())));
            rest = rest[fields.Location.End..];
        }

        return (text[..keyEnd], chain, chainPem);
    }

    /// <summary>The published ClusterTrustBundle's PEM.</summary>
    public async Task<string> PublishedBundleAsync()
    {
        var name = Options.SignerName.Replace('/', ':') + ":" + TrustDomain;
        var bundle = await Eventually.GetAsync(
            async () => (await Client.CertificatesV1.ListClusterTrustBundleAsync()).Items.FirstOrDefault(b => b.Metadata.Name == name), "the ClusterTrustBundle; operator log:\n" + string.Join("\n", Log.Lines.TakeLast(30)));
        return bundle.Spec.TrustBundle;
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.StopAsync();
            host.Dispose();
        }

        await Cluster.DisposeAsync();
        Client.Dispose();
        await Server.DisposeAsync();
        if (Directory.Exists(WorkingDirectory))
        {
            Directory.Delete(WorkingDirectory, recursive: true);
        }
    }

    private static string RepositoryFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }
}
