using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using k8s.Models;
using Platform.E2E.Tests.Support;
using Platform.Identity.Bundles;
using Platform.Identity.Spiffe;
using Platform.Operator.Commands;
using Platform.Sandbox.Hosting;
using Platform.Testing.Polling;

namespace Platform.E2E.Tests.Identity;

/// <summary>
/// <c>platform controller</c> with the webhook server off: <c>--bundle-endpoint-port</c> still serves the bundle with a
/// self-managed certificate, and <c>--identity-upstream-ca-secret</c> puts the upstream root in it.
/// </summary>
public sealed class ControllerBundleEndpointTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("platform-e2e-controller-").FullName;

    [Fact]
    public async Task The_controller_serves_the_bundle_of_its_upstream_CA_on_the_bundle_endpoint_port()
    {
        var kubeconfig = Path.Combine(directory, "controller.kubeconfig");
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { KubeconfigPath = kubeconfig, EnableWebhookAdmission = false });
        foreach (var crd in Directory.GetFiles(Path.Combine(RepositoryFiles.Root, "crds", "generated"), "*.yaml"))
        {
            await server.ApplyManifestAsync(await File.ReadAllTextAsync(crd));
        }

        using var client = server.CreateClient();
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "platform-system" } });
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Controller Upstream Root", rootKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var root = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        await client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = "corp-ca", NamespaceProperty = "platform-system" },
                Data = new Dictionary<string, byte[]>
                {
                    ["tls.crt"] = Encoding.ASCII.GetBytes(root.ExportCertificatePem()),
                    ["tls.key"] = Encoding.ASCII.GetBytes(rootKey.ExportPkcs8PrivateKeyPem()),
                },
            },
            "platform-system");

        var bundlePort = FreePort();
        var command = new RootCommand { new ControllerCommand() };
        using var stop = new CancellationTokenSource();
        var run = command.Parse(
        [
            "controller", "--kubeconfig", kubeconfig, "--webhook-port", "0", "--bind-address", $"127.0.0.1:{FreePort()}",
            "--bundle-endpoint-port", bundlePort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--identity-upstream-ca-secret", "corp-ca",
        ]).InvokeAsync(cancellationToken: stop.Token);
        try
        {
            var caSecret = await Eventually.GetAsync(
                async () => (await client.CoreV1.ListNamespacedSecretAsync("platform-system")).Items.FirstOrDefault(s => s.Metadata.Name == "platform-webhook-ca"),
                "the self-managed serving CA", context: () => run.IsCompleted ? $"the controller exited: {run.Status}" : "running");
            using var https = BundleEndpointClient.TrustingOnly(X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(caSecret.Data["ca.crt"])));
            var url = new Uri($"https://platform-webhooks.platform-system.svc:{bundlePort}/");
            var body = await Eventually.GetAsync(
                async () =>
                {
                    try
                    {
                        using var response = await https.GetAsync(url);
                        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsByteArrayAsync() : null;
                    }
                    catch (HttpRequestException)
                    {
                        return null;
                    }
                },
                "the controller's bundle endpoint", context: () => run.IsCompleted ? $"the controller exited: {run.Status}" : "running");
            var bundle = SpiffeBundleCodec.Decode(TrustDomain.Parse("cluster.local"), body);
            Assert.Equal(root.Thumbprint, Assert.Single(bundle.X509Authorities).Thumbprint);
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(60)));
        }
    }

    [Fact]
    public async Task An_out_of_range_bundle_endpoint_port_is_refused_before_anything_starts()
    {
        var kubeconfig = Path.Combine(directory, "none.kubeconfig");
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { KubeconfigPath = kubeconfig, EnableWebhookAdmission = false });
        var error = new StringWriter();
        var root = new RootCommand { new ControllerCommand() };
        var parse = root.Parse(["controller", "--kubeconfig", kubeconfig, "--bundle-endpoint-port", "70000"]);
        parse.InvocationConfiguration.Error = error;
        Assert.Equal(1, await parse.InvokeAsync());
        Assert.Contains("--bundle-endpoint-port 70000 is outside 0..65535", error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
