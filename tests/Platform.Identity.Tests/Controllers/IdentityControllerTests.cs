using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Platform.Identity.Controllers;
using Platform.Identity.Storage;
using Platform.Identity.Svid;
using Platform.Identity.Tests.Support;
using Platform.Operator.Abstractions.Client;
using Platform.Testing.Polling;

namespace Platform.Identity.Tests.Controllers;

/// <summary>
/// End to end in the embedded control plane: kubelets request pod certificates, the identity controllers
/// sign them, and the result verifies against the published ClusterTrustBundle with openssl and our verifier.
/// </summary>
public sealed class IdentityControllerTests(IdentityControlPlane plane) : IClassFixture<IdentityControlPlane>
{
    private IKubernetes Client => plane.Client;

    [Fact]
    public async Task A_pod_certificate_volume_gets_an_SVID_of_the_default_identity_that_verifies_against_the_published_bundle()
    {
        var ns = await plane.NamespaceAsync("app");
        var pod = await plane.RunCertificatePodAsync(ns, "web");

        var (keyPem, chain, chainPem) = await plane.CredentialsAsync(pod);
        var rootsPem = await plane.PublishedBundleAsync();
        var id = AssertVerifies(rootsPem, chain, chainPem);
        Assert.Equal($"spiffe://example.org/ns/{ns}/sa/default", id);

        using var key = ECDsa.Create();
        key.ImportFromPem(keyPem);
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), chain[0].PublicKey.ExportSubjectPublicKeyInfo());

        var request = Assert.Single((await Client.CertificatesV1.ListNamespacedPodCertificateRequestAsync(ns)).Items);
        Assert.Contains(request.Status.Conditions, c => c.Type == "Issued" && c.Status == "True");
        var life = request.Status.NotAfter!.Value - request.Status.NotBefore!.Value;
        var refresh = request.Status.BeginRefreshAt!.Value - request.Status.NotBefore.Value;
        Assert.InRange(refresh.TotalSeconds, (life.TotalSeconds * 0.45) - 1, life.TotalSeconds * 0.55);
        Assert.InRange(life, TimeSpan.FromHours(1), TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task A_ClusterSPIFFEID_policy_decides_the_identity_and_reports_its_stats()
    {
        var team = "t" + Guid.NewGuid().ToString("N")[..8];
        var ns = await plane.NamespaceAsync("shop", new Dictionary<string, string> { ["team"] = team });
        var policyName = "checkout-" + team;
        await Client.CustomObjects.CreateClusterCustomObjectAsync(
            new Dictionary<string, object>
            {
                ["apiVersion"] = "spire.spiffe.io/v1alpha1",
                ["kind"] = "ClusterSPIFFEID",
                ["metadata"] = new Dictionary<string, object> { ["name"] = policyName },
                ["spec"] = new Dictionary<string, object>
                {
                    ["spiffeIDTemplate"] = "spiffe://{{ .TrustDomain }}/team/" + team + "/app/{{ index .PodMeta.Labels \"app\" }}",
                    ["podSelector"] = new Dictionary<string, object> { ["matchLabels"] = new Dictionary<string, string> { ["app"] = "checkout" } },
                    ["namespaceSelector"] = new Dictionary<string, object> { ["matchLabels"] = new Dictionary<string, string> { ["team"] = team } },
                },
            },
            "spire.spiffe.io", "v1alpha1", "clusterspiffeids");

        // Status written means the controllers' policy cache holds the policy.
        await StatsAsync(policyName, s => s is not null);

        var pod = await plane.RunCertificatePodAsync(ns, "checkout-1", new Dictionary<string, string> { ["app"] = "checkout" });
        var other = await plane.RunCertificatePodAsync(ns, "cart-1", new Dictionary<string, string> { ["app"] = "cart" });

        var rootsPem = await plane.PublishedBundleAsync();
        var (_, chain, chainPem) = await plane.CredentialsAsync(pod);
        Assert.Equal($"spiffe://example.org/team/{team}/app/checkout", AssertVerifies(rootsPem, chain, chainPem));
        var (_, otherChain, otherPem) = await plane.CredentialsAsync(other);
        Assert.Equal($"spiffe://example.org/ns/{ns}/sa/default", AssertVerifies(rootsPem, otherChain, otherPem));

        var stats = await StatsAsync(policyName, s => s?["podsSelected"]?.ToString() == "1");
        Assert.Equal("1", stats!["namespacesSelected"]?.ToString());
        Assert.Equal("1", stats["entriesToSet"]?.ToString());

        // Relabelling the namespace takes it out of the policy's namespaceSelector: the stats follow.
        await Client.CoreV1.PatchNamespaceAsync(
            new V1Patch("{\"metadata\":{\"labels\":{\"team\":\"elsewhere\"}}}", V1Patch.PatchType.MergePatch), ns);
        await StatsAsync(policyName, s => s?["namespacesSelected"]?.ToString() == "0" && s["podsSelected"]?.ToString() == "0");
    }

    [Fact]
    public async Task The_Secret_store_round_trips_the_CA_data_and_drops_removed_keys()
    {
        var client = plane.Services.GetRequiredService<IKubernetesClient>();
        var store = new SecretCaSecretStore(client, IdentityControlPlane.SuiteNamespace, "store-" + Guid.NewGuid().ToString("N")[..8]);
        Assert.Null(await store.LoadAsync(CancellationToken.None));

        await store.SaveAsync(new Dictionary<string, byte[]> { ["a"] = [1, 2], ["b"] = [3] }, CancellationToken.None);
        await store.SaveAsync(new Dictionary<string, byte[]> { ["b"] = [4], ["c"] = [5, 6] }, CancellationToken.None);

        var loaded = await store.LoadAsync(CancellationToken.None);
        Assert.NotNull(loaded);
        Assert.Equal(["b", "c"], loaded.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([4], loaded["b"]);
        Assert.Equal([5, 6], loaded["c"]);
    }

    [Theory]
    [InlineData("uid", "PodMismatch")]
    [InlineData("node", "NodeMismatch")]
    [InlineData("serviceAccount", "ServiceAccountMismatch")]
    public async Task A_request_naming_the_wrong_pod_UID_node_or_service_account_is_denied(string wrong, string reason)
    {
        var ns = await plane.NamespaceAsync("deny");
        var pod = await plane.RunCertificatePodAsync(ns, "victim");
        var spec = await ValidSpecAsync(ns, pod);
        var otherNode = (await Client.CoreV1.ListNodeAsync()).Items.First(n => n.Metadata.Name != pod.Spec.NodeName);
        switch (wrong)
        {
            case "uid":
                spec.PodUID = Guid.NewGuid().ToString();
                break;
            case "node":
                (spec.NodeName, spec.NodeUID) = (otherNode.Metadata.Name, otherNode.Metadata.Uid);
                break;
            default:
                spec.ServiceAccountName = "intruder";
                break;
        }

        await Client.CertificatesV1.CreateNamespacedPodCertificateRequestAsync(
            new V1PodCertificateRequest { Metadata = new V1ObjectMeta { Name = "forged" }, Spec = spec }, ns);

        var denied = await Eventually.GetAsync(
            async () => (await Client.CertificatesV1.ReadNamespacedPodCertificateRequestAsync("forged", ns)).Status?.Conditions?.FirstOrDefault(c => c.Type == "Denied"),
            "the Denied condition");
        Assert.Equal(reason, denied.Reason);
        Assert.Equal("True", denied.Status);
        Assert.Null((await Client.CertificatesV1.ReadNamespacedPodCertificateRequestAsync("forged", ns)).Status.CertificateChain);
    }

    [Fact]
    public async Task A_request_with_unknown_unverifiedUserAnnotations_is_denied_with_the_reason_and_an_event()
    {
        // Garbage PKCS#10 and RSA-1024 never reach a signer: the API server refuses them (422), as kube-apiserver does.
        var ns = await plane.NamespaceAsync("bad");
        var pod = await plane.RunCertificatePodAsync(ns, "target");
        var spec = await ValidSpecAsync(ns, pod);
        spec.UnverifiedUserAnnotations = new Dictionary<string, string> { ["example.com/unknown"] = "x" };
        await Client.CertificatesV1.CreateNamespacedPodCertificateRequestAsync(new V1PodCertificateRequest { Metadata = new V1ObjectMeta { Name = "bad" }, Spec = spec }, ns);

        var denied = await Eventually.GetAsync(
            async () => (await Client.CertificatesV1.ReadNamespacedPodCertificateRequestAsync("bad", ns)).Status?.Conditions?.FirstOrDefault(c => c.Type == "Denied"),
            "the Denied condition");
        Assert.Equal("InvalidUnverifiedUserAnnotations", denied.Reason);
        Assert.Contains("example.com/unknown", denied.Message, StringComparison.Ordinal);
        var warning = await Eventually.GetAsync(
            async () => (await Client.CoreV1.ListNamespacedEventAsync(ns)).Items.FirstOrDefault(e => e.InvolvedObject.Name == "bad" && e.InvolvedObject.Kind == "PodCertificateRequest"),
            "the Warning event");
        Assert.Equal(("InvalidUnverifiedUserAnnotations", "Warning"), (warning.Reason, warning.Type));
    }

    [Fact]
    public async Task No_private_key_appears_in_logs_events_or_request_statuses()
    {
        var ns = await plane.NamespaceAsync("leak");
        var pod = await plane.RunCertificatePodAsync(ns, "secretive");
        var spec = await ValidSpecAsync(ns, pod);
        spec.PodUID = "wrong";
        await Client.CertificatesV1.CreateNamespacedPodCertificateRequestAsync(new V1PodCertificateRequest { Metadata = new V1ObjectMeta { Name = "denied" }, Spec = spec }, ns);
        await Eventually.GetAsync(
            async () => (await Client.CertificatesV1.ReadNamespacedPodCertificateRequestAsync("denied", ns)).Status?.Conditions?.FirstOrDefault(c => c.Type == "Denied"),
            "the Denied condition");

        var (workloadKey, _, _) = await plane.CredentialsAsync(pod);
        var caSecret = await Client.CoreV1.ReadNamespacedSecretAsync(plane.Options.CaSecretName, IdentityControlPlane.SuiteNamespace);
        var secrets = caSecret.Data.Values.Where(v => v.Length >= 32).SelectMany(v => new[] { Convert.ToBase64String(v), Encoding.UTF8.GetString(v) })
            .Append(workloadKey.Split('\n')[1])
            .ToList();
        var haystack = new List<string>(plane.Log.Lines);
        haystack.AddRange((await Client.CoreV1.ListEventForAllNamespacesAsync()).Items.Select(e => e.Message ?? string.Empty));
        haystack.AddRange((await Client.CertificatesV1.ListPodCertificateRequestForAllNamespacesAsync()).Items.Select(o => KubernetesJson.Serialize(o)));
        haystack.AddRange((await Client.CertificatesV1.ListCertificateSigningRequestAsync()).Items.Select(c => KubernetesJson.Serialize(c.Status)));
        haystack.AddRange((await Client.CoreV1.ListConfigMapForAllNamespacesAsync()).Items.Where(c => c.Metadata.Name == "platform-spiffe-bundle").Select(o => KubernetesJson.Serialize(o)));

        Assert.NotEmpty(plane.Log.Lines);
        foreach (var text in haystack)
        {
            Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task A_request_for_another_signer_is_left_alone()
    {
        var ns = await plane.NamespaceAsync("other");
        var pod = await plane.RunCertificatePodAsync(ns, "plain");
        var node = await Client.CoreV1.ReadNodeAsync(pod.Spec.NodeName);
        var account = await Client.CoreV1.ReadNamespacedServiceAccountAsync("default", ns);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await Client.CertificatesV1.CreateNamespacedPodCertificateRequestAsync(
            new V1PodCertificateRequest
            {
                Metadata = new V1ObjectMeta { Name = "foreign" },
                Spec = new V1PodCertificateRequestSpec
                {
                    SignerName = "example.com/other", PodName = pod.Metadata.Name, PodUID = pod.Metadata.Uid, NodeName = node.Metadata.Name,
                    NodeUID = node.Metadata.Uid, ServiceAccountName = "default", ServiceAccountUID = account.Metadata.Uid, MaxExpirationSeconds = 3600,
                    StubPKCS10Request = WorkloadKeys.StubRequest(key),
                },
            },
            ns);

        // A forged request for our signer, created after it, is decided: by then the foreign one was seen too.
        var spec = (await Client.CertificatesV1.ReadNamespacedPodCertificateRequestAsync("foreign", ns)).Spec;
        spec.SignerName = plane.Options.SignerName;
        spec.PodUID = "not-the-pod";
        await Client.CertificatesV1.CreateNamespacedPodCertificateRequestAsync(new V1PodCertificateRequest { Metadata = new V1ObjectMeta { Name = "ours" }, Spec = spec }, ns);
        await Eventually.GetAsync(
            async () => (await Client.CertificatesV1.ReadNamespacedPodCertificateRequestAsync("ours", ns)).Status?.Conditions?.FirstOrDefault(c => c.Type == "Denied"),
            "our request decided");
        await Task.Delay(500);

        var foreign = await Client.CertificatesV1.ReadNamespacedPodCertificateRequestAsync("foreign", ns);
        Assert.True(foreign.Status?.Conditions is null or { Count: 0 });
        Assert.Null(foreign.Status?.CertificateChain);
    }

    [Fact]
    public async Task A_CSR_from_a_service_account_for_its_own_identity_is_approved_and_signed()
    {
        var ns = await plane.NamespaceAsync("csr");
        await plane.RunCertificatePodAsync(ns, "legacy");
        using var asWorkload = new Kubernetes(plane.Server.ClientConfigurationFor(plane.Server.IssueServiceAccountToken(ns, "default")));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var expected = $"spiffe://example.org/ns/{ns}/sa/default";
        await asWorkload.CertificatesV1.CreateCertificateSigningRequestAsync(Csr("csr-" + ns, key, expected));

        var signed = await Eventually.GetAsync(
            async () => await Client.CertificatesV1.ReadCertificateSigningRequestAsync("csr-" + ns) is { Status.Certificate.Length: > 0 } c ? c : null,
            "the signed CSR");
        Assert.Equal($"system:serviceaccount:{ns}:default", signed.Spec.Username);
        Assert.Contains(signed.Status.Conditions, c => c.Type == "Approved" && c.Status == "True");
        var chainPem = Encoding.ASCII.GetString(signed.Status.Certificate);
        var chain = Certificates(chainPem);
        Assert.Equal(expected, AssertVerifies(await plane.PublishedBundleAsync(), chain, chainPem));
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), chain[0].PublicKey.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public async Task A_CSR_asking_for_another_identity_is_denied_with_the_reason()
    {
        var ns = await plane.NamespaceAsync("csr-deny");
        await plane.RunCertificatePodAsync(ns, "legacy");
        using var asWorkload = new Kubernetes(plane.Server.ClientConfigurationFor(plane.Server.IssueServiceAccountToken(ns, "default")));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await asWorkload.CertificatesV1.CreateCertificateSigningRequestAsync(Csr("deny-" + ns, key, $"spiffe://example.org/ns/{ns}/sa/admin"));

        var denied = await Eventually.GetAsync(
            async () => (await Client.CertificatesV1.ReadCertificateSigningRequestAsync("deny-" + ns)).Status?.Conditions?.FirstOrDefault(c => c.Type == "Denied"),
            "the Denied condition");
        Assert.Equal("IdentityMismatch", denied.Reason);
        Assert.Contains($"spiffe://example.org/ns/{ns}/sa/admin", denied.Message, StringComparison.Ordinal);
        var csr = await Client.CertificatesV1.ReadCertificateSigningRequestAsync("deny-" + ns);
        Assert.Null(csr.Status.Certificate);
        Assert.DoesNotContain(csr.Status.Conditions, c => c.Type == "Approved");
    }

    [Fact]
    public async Task Every_namespace_gets_the_bundle_ConfigMap_matching_the_ClusterTrustBundle()
    {
        var ns = await plane.NamespaceAsync("bundle");
        var rootsPem = await plane.PublishedBundleAsync();
        var map = await Eventually.GetAsync(
            async () => (await Client.CoreV1.ListNamespacedConfigMapAsync(ns)).Items.FirstOrDefault(c => c.Metadata.Name == "platform-spiffe-bundle"),
            "the bundle ConfigMap");
        Assert.Equal(rootsPem, map.Data["example.org.trust-bundle.pem"]);
        Assert.Contains("\"spiffe_sequence\"", map.Data["bundle.spiffe"], StringComparison.Ordinal);
        Assert.Contains("x509-svid", map.Data["bundle.spiffe"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_CA_lives_in_a_Secret_and_a_restarted_operator_signs_with_the_same_CA()
    {
        var rootsPem = await plane.PublishedBundleAsync();
        var secret = await Client.CoreV1.ReadNamespacedSecretAsync(plane.Options.CaSecretName, IdentityControlPlane.SuiteNamespace);
        Assert.NotEmpty(secret.Data);

        // A second operator (a restart, or the next leader) loads the stored CA instead of minting a new root.
        using var restarted = await plane.StartOperatorAsync();
        try
        {
            var lifecycle = restarted.Services.GetRequiredService<AuthorityLifecycle>();
            await lifecycle.EnsureStartedAsync(CancellationToken.None);
            Assert.Equal(rootsPem, lifecycle.Authority.Bundle.ToPem());
            Assert.Equal(rootsPem, await plane.PublishedBundleAsync());
        }
        finally
        {
            await restarted.StopAsync();
        }
    }

    /// <summary>A request that names the pod, its node and its service account correctly, with a fresh P-256 stub.</summary>
    private async Task<V1PodCertificateRequestSpec> ValidSpecAsync(string ns, V1Pod pod)
    {
        var node = await Client.CoreV1.ReadNodeAsync(pod.Spec.NodeName);
        var account = await Client.CoreV1.ReadNamespacedServiceAccountAsync("default", ns);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new V1PodCertificateRequestSpec
        {
            SignerName = plane.Options.SignerName,
            PodName = pod.Metadata.Name,
            PodUID = pod.Metadata.Uid,
            NodeName = node.Metadata.Name,
            NodeUID = node.Metadata.Uid,
            ServiceAccountName = "default",
            ServiceAccountUID = account.Metadata.Uid,
            MaxExpirationSeconds = 3600,
            StubPKCS10Request = WorkloadKeys.StubRequest(key),
        };
    }

    private static V1CertificateSigningRequest Csr(string name, ECDsa key, string uri) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1CertificateSigningRequestSpec
        {
            SignerName = "platform.io/spiffe",
            Request = Encoding.ASCII.GetBytes(WorkloadKeys.Pem(WorkloadKeys.Request(key, "", [uri], []))),
            Usages = ["digital signature", "server auth", "client auth"],
        },
    };

    private static List<X509Certificate2> Certificates(string pem)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(pem);
        return [.. collection];
    }

    /// <summary>Verifies with openssl -x509_strict and X509SvidVerifier against the bundle; returns the SPIFFE ID.</summary>
    private static string AssertVerifies(string rootsPem, List<X509Certificate2> chain, string chainPem)
    {
        using var dir = new TempDirectory();
        var (code, output) = OpenSsl.VerifyStrict(dir, rootsPem, chainPem, DateTimeOffset.UtcNow);
        Assert.True(code == 0, output);
        var roots = Certificates(rootsPem);
        var verifier = new X509SvidVerifier(td => td.Name == IdentityControlPlane.TrustDomain ? roots : null);
        var result = verifier.Verify(chain, DateTimeOffset.UtcNow);
        Assert.True(result.IsValid, result.Error);
        return result.Id!.ToString();
    }

    private async Task<JsonNode?> StatsAsync(string policy, Func<JsonNode?, bool> accept)
    {
        var box = await Eventually.GetAsync(
            async () =>
            {
                var raw = await Client.CustomObjects.GetClusterCustomObjectAsync("spire.spiffe.io", "v1alpha1", "clusterspiffeids", policy);
                var stats = JsonNode.Parse(KubernetesJson.Serialize(raw))?["status"]?["stats"];
                return accept(stats) ? new Box(stats) : null;
            },
            $"stats of {policy}");
        return box.Value;
    }

    private sealed record Box(JsonNode? Value);
}
