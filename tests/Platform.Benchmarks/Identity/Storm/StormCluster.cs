using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Identity;
using Platform.Operator.Runtime.Hosting;
using Platform.Sandbox.Hosting;

namespace Platform.Benchmarks.Identity.Storm;

/// <summary>
/// The embedded control plane with Node objects (no simulated kubelets: 10,000 kubelet-served volumes are too
/// heavy for 2 cores), pods bound to those nodes, and an operator host running the identity controllers with the
/// production signing throttle. Requests are created as <c>system:node:&lt;node&gt;</c>, so the API server's
/// NodeRestriction rule checks them exactly as it checks a kubelet's.
/// </summary>
internal sealed class StormCluster : IAsyncDisposable
{
    public const string SuiteNamespace = "platform-system";
    public const string ServiceAccount = "storm";

    private readonly Dictionary<string, Kubernetes> nodeClients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Uid, string AccountUid)> namespaces = new(StringComparer.Ordinal);
    private IHost? host;

    private StormCluster(SandboxServer server) => (Server, Admin) = (server, server.CreateClient());

    public SandboxServer Server { get; }

    public Kubernetes Admin { get; }

    public IdentityOptions Options { get; } = new() { TrustDomain = "storm.example", ClusterName = "storm" };

    public IReadOnlyDictionary<string, string> NodeUids { get; private set; } = new Dictionary<string, string>();

    public static async Task<StormCluster> StartAsync(int nodes)
    {
        var cluster = new StormCluster(await SandboxServer.StartAsync(new SandboxOptions { EnableWebhookAdmission = false }));
        await cluster.Server.ApplyManifestAsync(await File.ReadAllTextAsync(RepositoryFile("crds/generated/clusterspiffeids.spire.spiffe.io.yaml")));
        await cluster.Admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = SuiteNamespace } });
        var uids = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < nodes; i++)
        {
            var name = $"storm-node-{i:D3}";
            var node = await cluster.Admin.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = name } });
            uids[name] = node.Metadata.Uid;
            cluster.nodeClients[name] = new Kubernetes(cluster.Server.ClientConfigurationFor(cluster.Server.IssueNodeToken(name)));
        }

        cluster.NodeUids = uids;
        return cluster;
    }

    /// <summary>A namespace with the service account the storm's pods run as.</summary>
    public async Task CreateNamespaceAsync(string name)
    {
        var ns = await Admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        var account = await Admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = ServiceAccount } }, name);
        namespaces[name] = (ns.Metadata.Uid, account.Metadata.Uid);
    }

    /// <summary>Creates pods bound to the nodes round-robin (8 concurrent clients) and returns them.</summary>
    public async Task<StormPod[]> CreatePodsAsync(string ns, string prefix, int count)
    {
        var nodes = NodeUids.Keys.Order(StringComparer.Ordinal).ToArray();
        var pods = new StormPod[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var node = nodes[i % nodes.Length];
            var pod = await Admin.CoreV1.CreateNamespacedPodAsync(
                new V1Pod
                {
                    Metadata = new V1ObjectMeta { Name = $"{prefix}-{i:D5}" },
                    Spec = new V1PodSpec { NodeName = node, ServiceAccountName = ServiceAccount, Containers = [new V1Container { Name = "app", Image = "nginx:1.27" }] },
                },
                ns,
                cancellationToken: ct);
            pods[i] = new StormPod(ns, pod.Metadata.Name, pod.Metadata.Uid, node);
        });
        return pods;
    }

    /// <summary>The request a kubelet makes for a podCertificate volume: a fresh P-256 key's stub PKCS#10.</summary>
    public V1PodCertificateRequest RequestFor(StormPod pod)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new V1PodCertificateRequest
        {
            Metadata = new V1ObjectMeta { Name = pod.Name + "-svid" },
            Spec = new V1PodCertificateRequestSpec
            {
                SignerName = Options.SignerName,
                PodName = pod.Name,
                PodUID = pod.Uid,
                NodeName = pod.Node,
                NodeUID = NodeUids[pod.Node],
                ServiceAccountName = ServiceAccount,
                ServiceAccountUID = namespaces[pod.Namespace].AccountUid,
                MaxExpirationSeconds = 3600,
                StubPKCS10Request = new CertificateRequest(new X500DistinguishedName(""), key, HashAlgorithmName.SHA256).CreateSigningRequest(),
            },
        };
    }

    /// <summary>Creates the request as the pod's node.</summary>
    public Task<V1PodCertificateRequest> CreateRequestAsNodeAsync(StormPod pod, V1PodCertificateRequest request, CancellationToken ct) =>
        nodeClients[pod.Node].CertificatesV1.CreateNamespacedPodCertificateRequestAsync(request, pod.Namespace, cancellationToken: ct);

    /// <summary>Starts the operator host: the identity controllers with the production signing rate and burst.</summary>
    public async Task StartOperatorAsync(int concurrency)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<IKubernetes>(Server.CreateClient());
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services
            .AddKubernetesOperator(s => s.WithoutLeaderElection().WithConcurrency(concurrency))
            .AddIdentity(Options, SuiteNamespace);
        host = builder.Build();
        await host.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.StopAsync();
            host.Dispose();
        }

        foreach (var client in nodeClients.Values)
        {
            client.Dispose();
        }

        Admin.Dispose();
        await Server.DisposeAsync();
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
