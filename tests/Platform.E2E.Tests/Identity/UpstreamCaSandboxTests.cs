using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using k8s.Models;
using Platform.Identity;
using Platform.Identity.Bundles;
using Platform.Identity.Spiffe;
using Platform.Operator.Suite;
using Platform.Sandbox.Cluster;
using Platform.Sandbox.Hosting;
using Platform.Testing.Polling;

namespace Platform.E2E.Tests.Identity;

/// <summary>
/// <c>platform sandbox --identity-upstream-ca-secret</c>: the trust-domain CA is an intermediate of an upstream CA
/// made by openssl; while the Secret is missing or malformed requests stay pending with a Warning event, never signed
/// by a self-signed fallback; once it is fixed the pending request is signed and the chain verifies with openssl.
/// </summary>
public sealed class UpstreamCaSandboxTests : IAsyncLifetime
{
    private const string Namespace = "platform-system";
    private const string UpstreamSecret = "corp-upstream-ca";
    private const string TrustDomainName = "corp.example";
    private readonly string directory = Directory.CreateTempSubdirectory("platform-e2e-upstream-").FullName;
    private SandboxSuite suite = null!;

    private IKubernetes Client => suite.Client;

    public async Task InitializeAsync() =>
        suite = await SandboxSuite.StartAsync(new SandboxSuiteOptions
        {
            Sandbox = new SandboxOptions(),
            Cluster = new SimulatedClusterOptions { Nodes = 1, WorkingDirectory = Path.Combine(directory, "cluster") },
            Identity = new IdentityOptions
            {
                TrustDomain = TrustDomainName,
                UpstreamCaSecretName = UpstreamSecret,
                CaRetryInterval = TimeSpan.FromMilliseconds(300),
            },
        });

    public async Task DisposeAsync()
    {
        await suite.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Signing_waits_for_a_valid_upstream_CA_Secret_and_then_issues_chains_that_openssl_verifies_against_the_upstream_root()
    {
        var (rootPem, rootKeyPem) = OpenSslCli.CreateRootCa(directory, "Corp Root CA");

        // No Secret yet: a Warning event says so.
        await WarningAsync("does not exist");

        // A malformed Secret: still nothing signed, a Warning names the bad key.
        await Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = UpstreamSecret, NamespaceProperty = Namespace },
                Data = new Dictionary<string, byte[]> { ["tls.crt"] = Encoding.ASCII.GetBytes(rootPem), ["tls.key"] = "not a key"u8.ToArray() },
            },
            Namespace);
        var malformed = await WarningAsync("unusable");
        Assert.Contains("tls.key", malformed.Note, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", malformed.Note, StringComparison.Ordinal);

        var ns = "upstream-app";
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        await Client.CoreV1.CreateNamespacedPodAsync(CertificatePod("web"), ns);
        var pending = await Eventually.GetAsync(
            async () => (await Client.CertificatesV1.ListNamespacedPodCertificateRequestAsync(ns)).Items.FirstOrDefault(), "the kubelet's PodCertificateRequest");
        await Task.Delay(TimeSpan.FromSeconds(2));
        pending = await Client.CertificatesV1.ReadNamespacedPodCertificateRequestAsync(pending.Metadata.Name, ns);
        Assert.True(string.IsNullOrEmpty(pending.Status?.CertificateChain), "signed while the upstream CA Secret is malformed");
        Assert.Empty(pending.Status?.Conditions ?? []);
        Assert.DoesNotContain((await Client.CertificatesV1.ListClusterTrustBundleAsync()).Items, b => b.Spec.SignerName == "platform.io/spiffe");
        Assert.DoesNotContain((await Client.CoreV1.ListNamespacedSecretAsync(Namespace)).Items, s => s.Metadata.Name == "platform-identity-ca");

        // Fixed: the pending request is signed by an intermediate of the upstream root.
        await Client.CoreV1.ReplaceNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = UpstreamSecret, NamespaceProperty = Namespace },
                Data = new Dictionary<string, byte[]> { ["tls.crt"] = Encoding.ASCII.GetBytes(rootPem), ["tls.key"] = Encoding.ASCII.GetBytes(rootKeyPem) },
            },
            UpstreamSecret,
            Namespace);
        var issued = await Eventually.GetAsync(
            async () => await Client.CertificatesV1.ReadNamespacedPodCertificateRequestAsync(pending.Metadata.Name, ns) is { Status.CertificateChain.Length: > 0 } r ? r : null,
            "the pending request signed after the fix");
        Assert.Equal(pending.Metadata.Uid, issued.Metadata.Uid);
        var chain = Pems(issued.Status.CertificateChain);
        Assert.Equal(2, chain.Count);
        var (code, output) = OpenSslCli.VerifyStrict(directory, rootPem, chain);
        Assert.True(code == 0, output);

        using var root = X509Certificate2.CreateFromPem(rootPem);
        using var intermediate = X509Certificate2.CreateFromPem(chain[1]);
        Assert.Equal(root.Subject, intermediate.Issuer);
        Assert.Equal(root.Thumbprint, Assert.Single(Pems((await PublishedBundleAsync()).Spec.TrustBundle).Select(p => X509Certificate2.CreateFromPem(p))).Thumbprint);

        // The sandbox's bundle endpoint publishes the upstream root too.
        var bundle = await FetchBundleAsync();
        Assert.Equal(root.Thumbprint, Assert.Single(bundle.X509Authorities).Thumbprint);
    }

    private static V1Pod CertificatePod(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec
        {
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
                                    SignerName = "platform.io/spiffe", KeyType = "ECDSAP256", MaxExpirationSeconds = 3600, CredentialBundlePath = "credentials.pem",
                                },
                            },
                        ],
                    },
                },
            ],
        },
    };

    private static List<string> Pems(string text)
    {
        var pems = new List<string>();
        var rest = text.AsMemory();
        while (PemEncoding.TryFind(rest.Span, out var fields))
        {
            pems.Add(rest.Span[fields.Location].ToString() + "\n");
            rest = rest[fields.Location.End..];
        }

        return pems;
    }

    private Task<Eventsv1Event> WarningAsync(string fragment) =>
        Eventually.GetAsync(
            async () => (await Client.EventsV1.ListNamespacedEventAsync(Namespace)).Items.FirstOrDefault(e =>
                e.Regarding?.Kind == "Secret" && e.Regarding.Name == UpstreamSecret && e.Type == "Warning" && e.Reason == "UpstreamCAUnavailable" &&
                e.Note?.Contains(fragment, StringComparison.Ordinal) == true),
            $"a Warning event on Secret {UpstreamSecret} saying \"{fragment}\"");

    private Task<V1ClusterTrustBundle> PublishedBundleAsync() =>
        Eventually.GetAsync(
            async () => (await Client.CertificatesV1.ListClusterTrustBundleAsync()).Items.FirstOrDefault(b => b.Spec.SignerName == "platform.io/spiffe"),
            "the ClusterTrustBundle");

    private async Task<SpiffeBundle> FetchBundleAsync()
    {
        var secret = await Client.CoreV1.ReadNamespacedSecretAsync(suite.Webhooks.CaSecretName, Namespace);
        using var client = BundleEndpointClient.TrustingOnly(X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(secret.Data["ca.crt"])));
        var url = new Uri($"https://{suite.Webhooks.ServiceName}.{Namespace}.svc:{suite.BundleEndpoint.Port}/");
        var body = await Eventually.GetAsync(
            async () =>
            {
                using var response = await client.GetAsync(url);
                return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsByteArrayAsync() : null;
            },
            "the sandbox bundle endpoint");
        return SpiffeBundleCodec.Decode(TrustDomain.Parse(TrustDomainName), body);
    }
}
