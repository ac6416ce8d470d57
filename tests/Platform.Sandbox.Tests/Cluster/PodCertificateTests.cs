using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Models;
using Platform.Testing.Polling;

namespace Platform.Sandbox.Tests.Cluster;

public sealed class PodCertificateTests : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private readonly ClusterFixture _fixture;
    private TestSigner _signer = null!;

    public PodCertificateTests(ClusterFixture fixture) => _fixture = fixture;

    private IKubernetes Client => _fixture.Client;

    public Task InitializeAsync()
    {
        _signer = new TestSigner(Client, _fixture.Time);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _signer.DisposeAsync();

    [Fact]
    public async Task The_kubelet_requests_as_the_node_and_writes_a_bundle_whose_key_matches_the_request()
    {
        var ns = await _fixture.NamespaceAsync("pcr");
        await Client.CoreV1.CreateNamespacedPodAsync(CertificatePod("svid", TestSigner.IssuingSigner, bundle: "credentials.pem"), ns);

        var pod = await Eventually.GetAsync(async () => await Client.CoreV1.ReadNamespacedPodAsync("svid", ns) is var p && PodBuilder.IsReady(p) ? p : null,
            "pod ready after issuance");

        var pcr = Assert.Single((await Client.CertificatesV1.ListNamespacedPodCertificateRequestAsync(ns)).Items);
        var node = await Client.CoreV1.ReadNodeAsync(pod.Spec.NodeName);
        var account = await Client.CoreV1.ReadNamespacedServiceAccountAsync("default", ns);
        Assert.Equal(TestSigner.IssuingSigner, pcr.Spec.SignerName);
        Assert.Equal((pod.Metadata.Name, pod.Metadata.Uid), (pcr.Spec.PodName, pcr.Spec.PodUID));
        Assert.Equal((node.Metadata.Name, node.Metadata.Uid), (pcr.Spec.NodeName, pcr.Spec.NodeUID));
        Assert.Equal(("default", account.Metadata.Uid), (pcr.Spec.ServiceAccountName, pcr.Spec.ServiceAccountUID));
        Assert.Equal(3600, pcr.Spec.MaxExpirationSeconds);
        Assert.Equal("value", pcr.Spec.UnverifiedUserAnnotations["example.com/key"]);
        Assert.Contains(pcr.Metadata.OwnerReferences, o => o.Kind == "Pod" && o.Uid == pod.Metadata.Uid);

        // The stub request is a PKCS#10 signed by the key (loading verifies the signature: proof of possession).
        var requested = CertificateRequest.LoadSigningRequest(pcr.Spec.StubPKCS10Request, HashAlgorithmName.SHA256);
        var bundle = await File.ReadAllTextAsync(Path.Combine(_fixture.Cluster.PodVolumePath(pod.Metadata.Uid, "creds"), "credentials.pem"));
        var blocks = PemBlocks(bundle);
        Assert.Equal(["PRIVATE KEY", "CERTIFICATE", "CERTIFICATE"], blocks.Select(b => b.Label));
        using var key = ECDsa.Create();
        key.ImportFromPem(bundle.AsSpan(0, bundle.IndexOf("-----END PRIVATE KEY-----", StringComparison.Ordinal) + 25));
        Assert.Equal(requested.PublicKey.ExportSubjectPublicKeyInfo(), key.ExportSubjectPublicKeyInfo());
        using var leaf = X509CertificateLoader.LoadCertificate(blocks[1].Der);
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), leaf.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Equal(PemEncoding.WriteString("CERTIFICATE", X509CertificateLoader.LoadCertificate(blocks[2].Der).RawData), _signer.CaPem.Trim());
    }

    [Fact]
    public async Task Separate_key_and_chain_files_are_written_for_an_RSA_key()
    {
        var ns = await _fixture.NamespaceAsync("rsa");
        var pod = CertificatePod("rsa", TestSigner.IssuingSigner, bundle: null, keyType: "RSA3072");
        await Client.CoreV1.CreateNamespacedPodAsync(pod, ns);

        var running = await Eventually.GetAsync(async () => await Client.CoreV1.ReadNamespacedPodAsync("rsa", ns) is var p && PodBuilder.IsReady(p) ? p : null,
            "pod ready after issuance", 60);

        var dir = _fixture.Cluster.PodVolumePath(running.Metadata.Uid, "creds");
        using var rsa = RSA.Create();
        rsa.ImportFromPem(await File.ReadAllTextAsync(Path.Combine(dir, "tls/key.pem")));
        Assert.Equal(3072, rsa.KeySize);
        var chain = PemBlocks(await File.ReadAllTextAsync(Path.Combine(dir, "tls/chain.pem")));
        Assert.Equal(2, chain.Count);
        using var leaf = X509CertificateLoader.LoadCertificate(chain[0].Der);
        Assert.Equal(rsa.ExportSubjectPublicKeyInfo(), leaf.PublicKey.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public async Task The_credentials_are_refreshed_with_a_new_key_at_beginRefreshAt()
    {
        var ns = await _fixture.NamespaceAsync("refresh");
        await Client.CoreV1.CreateNamespacedPodAsync(CertificatePod("rot", TestSigner.IssuingSigner, bundle: "credentials.pem"), ns);
        var pod = await Eventually.GetAsync(async () => await Client.CoreV1.ReadNamespacedPodAsync("rot", ns) is var p && PodBuilder.IsReady(p) ? p : null,
            "pod ready after issuance");
        var path = Path.Combine(_fixture.Cluster.PodVolumePath(pod.Metadata.Uid, "creds"), "credentials.pem");
        var firstBundle = await File.ReadAllTextAsync(path);
        var first = Assert.Single((await Client.CertificatesV1.ListNamespacedPodCertificateRequestAsync(ns)).Items);
        var refreshAt = new DateTimeOffset(first.Status.BeginRefreshAt!.Value, TimeSpan.Zero);

        _fixture.Time.Advance(refreshAt - _fixture.Time.GetUtcNow() - TimeSpan.FromSeconds(5));
        await Task.Delay(500);
        Assert.Single((await Client.CertificatesV1.ListNamespacedPodCertificateRequestAsync(ns)).Items);

        _fixture.Time.Advance(TimeSpan.FromSeconds(10));

        var second = await Eventually.GetAsync(async () =>
            (await Client.CertificatesV1.ListNamespacedPodCertificateRequestAsync(ns)).Items.FirstOrDefault(r => r.Metadata.Name != first.Metadata.Name),
            "a refresh request");
        await Eventually.TrueAsync(async () => await File.ReadAllTextAsync(path) != firstBundle, "the rewritten bundle");
        var bundle = await File.ReadAllTextAsync(path);
        using var key = ECDsa.Create();
        key.ImportFromPem(bundle.AsSpan(0, bundle.IndexOf("-----END PRIVATE KEY-----", StringComparison.Ordinal) + 25));
        var requested = CertificateRequest.LoadSigningRequest(second.Spec.StubPKCS10Request, HashAlgorithmName.SHA256);
        Assert.Equal(requested.PublicKey.ExportSubjectPublicKeyInfo(), key.ExportSubjectPublicKeyInfo());
        Assert.True(PodBuilder.IsReady(await Client.CoreV1.ReadNamespacedPodAsync("rot", ns)));
    }

    [Fact]
    public async Task A_denied_request_fails_the_volume_and_the_pod_never_starts()
    {
        var ns = await _fixture.NamespaceAsync("deny");
        await Client.CoreV1.CreateNamespacedPodAsync(CertificatePod("denied", TestSigner.DenyingSigner, bundle: "credentials.pem"), ns);

        var failedMount = await Eventually.GetAsync(async () =>
            (await Client.CoreV1.ListNamespacedEventAsync(ns)).Items.FirstOrDefault(e => e.Reason == "FailedMount" && e.InvolvedObject.Name == "denied"),
            "a FailedMount event");

        Assert.Equal("Warning", failedMount.Type);
        Assert.Contains("MountVolume.SetUp failed for volume \"creds\"", failedMount.Message, StringComparison.Ordinal);
        Assert.Contains("permanently denied: reason=\"NotAllowed\"", failedMount.Message, StringComparison.Ordinal);
        var events = (await Client.CoreV1.ListNamespacedEventAsync(ns)).Items;
        Assert.Contains(events, e => e.Reason == "Denied" && e.Source.Component == "kubelet");
        var pod = await Client.CoreV1.ReadNamespacedPodAsync("denied", ns);
        Assert.Equal("Pending", pod.Status.Phase);
        Assert.Equal("ContainerCreating", pod.Status.ContainerStatuses.Single().State.Waiting.Reason);
        Assert.Null(pod.Status.PodIP);
        Assert.False(Directory.Exists(_fixture.Cluster.PodVolumePath(pod.Metadata.Uid, "creds")));
    }

    [Fact]
    public async Task An_Ed25519_key_is_requested_with_a_valid_stub_request_and_projected_as_PKCS8()
    {
        var ns = await _fixture.NamespaceAsync("ed");
        await Client.CoreV1.CreateNamespacedPodAsync(CertificatePod("ed", TestSigner.IssuingSigner, bundle: "credentials.pem", keyType: "ED25519"), ns);

        var pod = await Eventually.GetAsync(async () => await Client.CoreV1.ReadNamespacedPodAsync("ed", ns) is var p && PodBuilder.IsReady(p) ? p : null,
            "pod ready after issuance");

        var pcr = Assert.Single((await Client.CertificatesV1.ListNamespacedPodCertificateRequestAsync(ns)).Items);
        var requested = OpenSslEd25519.VerifyRequest(pcr.Spec.StubPKCS10Request);
        var blocks = PemBlocks(await File.ReadAllTextAsync(Path.Combine(_fixture.Cluster.PodVolumePath(pod.Metadata.Uid, "creds"), "credentials.pem")));
        Assert.Equal("PRIVATE KEY", blocks[0].Label);
        Assert.Equal(requested, OpenSslEd25519.PublicKeyOf(blocks[0].Der));
    }

    [Fact]
    public async Task An_unknown_key_type_fails_the_volume_without_a_request()
    {
        var ns = await _fixture.NamespaceAsync("unknown");
        await Client.CoreV1.CreateNamespacedPodAsync(CertificatePod("odd", TestSigner.IssuingSigner, bundle: "credentials.pem", keyType: "DSA1024"), ns);

        var failedMount = await Eventually.GetAsync(async () =>
            (await Client.CoreV1.ListNamespacedEventAsync(ns)).Items.FirstOrDefault(e => e.Reason == "FailedMount"),
            "a FailedMount event");

        Assert.Contains("unknown keyType \"DSA1024\"", failedMount.Message, StringComparison.Ordinal);
        Assert.Empty((await Client.CertificatesV1.ListNamespacedPodCertificateRequestAsync(ns)).Items);
    }

    private static V1Pod CertificatePod(string name, string signer, string? bundle, string keyType = "ECDSAP256")
    {
        var pod = PodBuilder.Pod(name);
        var source = new V1PodCertificateProjection
        {
            SignerName = signer,
            KeyType = keyType,
            MaxExpirationSeconds = 3600,
            UserAnnotations = new Dictionary<string, string> { ["example.com/key"] = "value" },
        };
        if (bundle is not null)
        {
            source.CredentialBundlePath = bundle;
        }
        else
        {
            source.KeyPath = "tls/key.pem";
            source.CertificateChainPath = "tls/chain.pem";
        }

        pod.Spec.Volumes = [new V1Volume { Name = "creds", Projected = new V1ProjectedVolumeSource { Sources = [new V1VolumeProjection { PodCertificate = source }] } }];
        return pod;
    }

    private static List<(string Label, byte[] Der)> PemBlocks(string pem)
    {
        var blocks = new List<(string, byte[])>();
        var rest = pem.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            blocks.Add((rest[fields.Label].ToString(), Convert.FromBase64String(rest[fields.Base64Data].ToString())));
            rest = rest[fields.Location.End..];
        }

        return blocks;
    }
}
