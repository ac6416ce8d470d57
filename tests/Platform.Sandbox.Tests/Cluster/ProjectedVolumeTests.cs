using k8s;
using k8s.Models;
using Platform.Testing.Polling;

namespace Platform.Sandbox.Tests.Cluster;

public sealed class ProjectedVolumeTests : IClassFixture<ClusterFixture>
{
    private readonly ClusterFixture _fixture;

    public ProjectedVolumeTests(ClusterFixture fixture) => _fixture = fixture;

    private IKubernetes Client => _fixture.Client;

    [Fact]
    public async Task Token_configMap_downwardAPI_and_trust_bundle_sources_are_written_before_the_pod_starts()
    {
        var ns = await _fixture.NamespaceAsync("proj");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" }, Data = new Dictionary<string, string> { ["level"] = "debug" } }, ns);
        var signer = $"example.com/{ns}";

        // Signer-linked bundles are named "<signer with ':' for '/'>:<suffix>"; the kubelet selects them by signerName and labels.
        await Client.CertificatesV1.CreateClusterTrustBundleAsync(new V1ClusterTrustBundle
        {
            Metadata = new V1ObjectMeta { Name = $"example.com:{ns}:one", Labels = new Dictionary<string, string> { ["bundle"] = ns } },
            Spec = new V1ClusterTrustBundleSpec { SignerName = signer, TrustBundle = TestCertificates.SelfSignedPem("CN=root-one") },
        });
        await Client.CertificatesV1.CreateClusterTrustBundleAsync(new V1ClusterTrustBundle
        {
            Metadata = new V1ObjectMeta { Name = $"example.com:{ns}:two", Labels = new Dictionary<string, string> { ["bundle"] = ns } },
            Spec = new V1ClusterTrustBundleSpec { SignerName = signer, TrustBundle = TestCertificates.SelfSignedPem("CN=root-two") },
        });
        var pod = PodBuilder.Pod("projected");
        pod.Spec.Volumes =
        [
            new V1Volume
            {
                Name = "access",
                Projected = new V1ProjectedVolumeSource
                {
                    Sources =
                    [
                        new V1VolumeProjection { ServiceAccountToken = new V1ServiceAccountTokenProjection { Path = "token", Audience = "example.com", ExpirationSeconds = 3600 } },
                        new V1VolumeProjection { ConfigMap = new V1ConfigMapProjection { Name = "settings", Items = [new V1KeyToPath { Key = "level", Path = "conf/level" }] } },
                        new V1VolumeProjection { DownwardAPI = new V1DownwardAPIProjection { Items = [new V1DownwardAPIVolumeFile { Path = "namespace", FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.namespace" } }] } },
                        new V1VolumeProjection
                        {
                            ClusterTrustBundle = new V1ClusterTrustBundleProjection
                            {
                                SignerName = signer, Path = "ca.pem", LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["bundle"] = ns } },
                            },
                        },
                    ],
                },
            },
        ];
        await Client.CoreV1.CreateNamespacedPodAsync(pod, ns);

        var running = await Eventually.GetAsync(async () => await Client.CoreV1.ReadNamespacedPodAsync("projected", ns) is var p && PodBuilder.IsReady(p) ? p : null, "pod ready");

        var dir = _fixture.Cluster.PodVolumePath(running.Metadata.Uid, "access");
        Assert.Equal("debug", await File.ReadAllTextAsync(Path.Combine(dir, "conf/level")));
        Assert.Equal(ns, await File.ReadAllTextAsync(Path.Combine(dir, "namespace")));
        var bundle = await File.ReadAllTextAsync(Path.Combine(dir, "ca.pem"));
        Assert.Equal(2, bundle.Split("-----BEGIN CERTIFICATE-----").Length - 1);
        var token = await File.ReadAllTextAsync(Path.Combine(dir, "token"));
        using var asPod = new Kubernetes(_fixture.Server.ClientConfigurationFor(token));
        // The server records a CSR's requester from the authenticated identity, so it shows who the token is.
        var csr = await asPod.CertificatesV1.CreateCertificateSigningRequestAsync(new V1CertificateSigningRequest
        {
            Metadata = new V1ObjectMeta { GenerateName = "whoami-" },
            Spec = new V1CertificateSigningRequestSpec
            {
                SignerName = "example.com/whoami",
                Request = System.Text.Encoding.ASCII.GetBytes(TestCertificates.SigningRequestPem()),
                Usages = ["client auth"],
            },
        });
        Assert.Equal($"system:serviceaccount:{ns}:default", csr.Spec.Username);
    }

    [Fact]
    public async Task A_missing_configMap_holds_the_pod_until_it_exists()
    {
        var ns = await _fixture.NamespaceAsync("late");
        var pod = PodBuilder.Pod("waits");
        pod.Spec.Volumes =
        [
            new V1Volume { Name = "cfg", Projected = new V1ProjectedVolumeSource { Sources = [new V1VolumeProjection { ConfigMap = new V1ConfigMapProjection { Name = "later" } }] } },
        ];
        await Client.CoreV1.CreateNamespacedPodAsync(pod, ns);

        var failed = await Eventually.GetAsync(async () =>
            (await Client.CoreV1.ListNamespacedEventAsync(ns)).Items.FirstOrDefault(e => e.Reason == "FailedMount"), "FailedMount event");
        Assert.Equal("MountVolume.SetUp failed for volume \"cfg\" : configmap \"later\" not found", failed.Message);
        Assert.Equal("Pending", (await Client.CoreV1.ReadNamespacedPodAsync("waits", ns)).Status.Phase);

        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "later" }, Data = new Dictionary<string, string> { ["k"] = "v" } }, ns);

        var running = await Eventually.GetAsync(async () => await Client.CoreV1.ReadNamespacedPodAsync("waits", ns) is var p && PodBuilder.IsReady(p) ? p : null, "pod ready");
        Assert.Equal("v", await File.ReadAllTextAsync(Path.Combine(_fixture.Cluster.PodVolumePath(running.Metadata.Uid, "cfg"), "k")));
    }
}
