using System.Net;
using System.Net.Sockets;
using k8s;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Sandbox.Cluster;
using Platform.Sandbox.Hosting;
using Platform.Webhooks.Hosting;

namespace Platform.Operator.Suite;

/// <summary>
/// The whole suite inside the embedded control plane: the API server with the suite's CRDs, the admission webhook
/// server in-process on 127.0.0.1 with self-managed certificates (its Service routed to the local listener and its
/// caBundle injected into the applied webhook configurations), optionally simulated nodes, and — once wired —
/// the controllers. Start with <see cref="StartAsync"/>; <see cref="RunAsync"/> is <c>platform sandbox</c>.
/// </summary>
public sealed class SandboxSuite : IAsyncDisposable
{
    private const int BindAttempts = 5;
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(4);

    private readonly IHost host;
    private readonly ILoggerFactory loggerFactory;
    private readonly Kubernetes client;
    private int stopped;

    private SandboxSuite(
        SandboxServer server, IHost host, Kubernetes client, SimulatedCluster? cluster, AdmissionWebhookOptions webhooks, Uri bundleEndpoint, ILoggerFactory loggerFactory)
    {
        Server = server;
        this.host = host;
        this.client = client;
        Cluster = cluster;
        Webhooks = webhooks;
        BundleEndpoint = bundleEndpoint;
        this.loggerFactory = loggerFactory;
    }

    /// <summary>The embedded API server.</summary>
    public SandboxServer Server { get; }

    /// <summary>The admin kubeconfig, or null when <see cref="SandboxOptions.KubeconfigPath"/> was not set.</summary>
    public string? KubeconfigPath => Server.KubeconfigPath;

    /// <summary>A client authenticated as the cluster admin (owned by the suite).</summary>
    public IKubernetes Client => client;

    /// <summary>The simulated nodes, when <see cref="SandboxSuiteOptions.Cluster"/> was given.</summary>
    public SimulatedCluster? Cluster { get; }

    /// <summary>The effective settings of the in-process admission webhook server (its port is <see cref="AdmissionWebhookOptions.Port"/>).</summary>
    public AdmissionWebhookOptions Webhooks { get; }

    /// <summary>
    /// URL of the SPIFFE bundle endpoint (federation), e.g. <c>https://127.0.0.1:41234/</c>. Its certificate is the
    /// webhook server's (names &lt;service&gt;.&lt;namespace&gt;.svc, CA in the Secret <see cref="AdmissionWebhookOptions.CaSecretName"/>).
    /// </summary>
    public Uri BundleEndpoint { get; }

    /// <summary>The suite host's services (controllers, webhook server), for tests.</summary>
    public IServiceProvider Services => host.Services;

    /// <summary>
    /// Starts the control plane, installs the CRDs and webhook configurations, starts the webhook server and waits
    /// until a dry-run create through the API is answered by the webhook. Throws <see cref="SandboxSuiteStartException"/>
    /// naming the step that failed; everything started so far is stopped again.
    /// </summary>
    public static async Task<SandboxSuite> StartAsync(SandboxSuiteOptions? options = null, CancellationToken ct = default)
    {
        options ??= new SandboxSuiteOptions();
        var loggerFactory = LoggerFactory.Create(b => options.ConfigureLogging?.Invoke(b));
        var logger = loggerFactory.CreateLogger<SandboxSuite>();
        SandboxServer? server = null;
        IHost? host = null;
        Kubernetes? client = null;
        SimulatedCluster? cluster = null;
        try
        {
            server = await SandboxServer.StartAsync(options.Sandbox, ct).ConfigureAwait(false);
            client = server.CreateClient();
            var writer = new SuiteObjectWriter(client);
            var manifests = new SuiteManifests(options.ManifestRoot);
            await InstallAsync(writer, manifests.CustomResourceDefinitions(), "CRDs", logger, ct).ConfigureAwait(false);

            AdmissionWebhookOptions webhooks;
            Uri bundleEndpoint;
            (host, webhooks, bundleEndpoint) = await StartWebhookServerAsync(server, writer, options, manifests, loggerFactory, logger, ct).ConfigureAwait(false);
            await AdmissionReadiness.WaitAsync(client, webhooks.Namespace, options.ReadyTimeout, ct).ConfigureAwait(false);
            logger.AdmissionReady();

            if (options.Cluster is { } clusterOptions)
            {
                clusterOptions.LoggerFactory ??= loggerFactory;
                cluster = await SimulatedCluster.StartAsync(server, clusterOptions, ct).ConfigureAwait(false);
            }

            return new SandboxSuite(server, host, client, cluster, webhooks, bundleEndpoint, loggerFactory);
        }
        catch
        {
            await StopPartsAsync(host, cluster, server, client, loggerFactory).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// <c>platform sandbox</c>: starts the suite, writes the kubeconfig (default <c>./sandbox.kubeconfig</c>, set on
    /// <paramref name="options"/> when none is given), prints one line containing <c>ready</c> and the kubeconfig
    /// path, and serves until <paramref name="ct"/> is cancelled. Returns the process exit code: 0 after a clean
    /// stop, 1 when start-up failed (the reason is printed), 130 when cancelled before ready.
    /// </summary>
    public static async Task<int> RunAsync(SandboxSuiteOptions options, TextWriter output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        options.Sandbox.KubeconfigPath ??= "sandbox.kubeconfig";
        SandboxSuite suite;
        try
        {
            suite = await StartAsync(options, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await output.WriteLineAsync("platform sandbox cancelled before it was ready").ConfigureAwait(false);
            return 130;
        }
        catch (Exception e) when (e is SandboxSuiteStartException or IOException or ArgumentException or InvalidOperationException)
        {
            await output.WriteLineAsync($"platform sandbox failed to start: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        await using (suite.ConfigureAwait(false))
        {
            await output.WriteLineAsync(
                $"platform sandbox ready: kubeconfig {suite.KubeconfigPath} server {suite.Server.BaseAddress} spiffe-bundle-endpoint {suite.BundleEndpoint}").ConfigureAwait(false);
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await output.WriteLineAsync("platform sandbox stopping").ConfigureAwait(false);
            }
        }

        return 0;
    }

    /// <summary>Stops the controllers and webhook server, the simulated nodes and the API server. Safe to call twice.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref stopped, 1) == 0)
        {
            await StopPartsAsync(host, Cluster, Server, client, loggerFactory).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private static async Task InstallAsync(SuiteObjectWriter writer, IReadOnlyList<(string Source, string Yaml)> manifests, string what, ILogger logger, CancellationToken ct)
    {
        foreach (var (source, yaml) in manifests)
        {
            try
            {
                var count = await writer.ApplyManifestAsync(yaml, ct).ConfigureAwait(false);
                logger.Installed(count, source);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new SandboxSuiteStartException($"installing {what} from {source} failed: {e.Message}", e);
            }
        }
    }

    /// <summary>
    /// Routes the webhook Service to a free local port, applies the webhook configurations (so the first
    /// certificate step injects their caBundle) and starts the host. The port is chosen before binding because the
    /// Service and EndpointSlice must name it; if another process takes it in between, another port is tried.
    /// </summary>
    private static async Task<(IHost Host, AdmissionWebhookOptions Webhooks, Uri BundleEndpoint)> StartWebhookServerAsync(
        SandboxServer server, SuiteObjectWriter writer, SandboxSuiteOptions options, SuiteManifests manifests, ILoggerFactory loggerFactory, ILogger logger, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            var bundlePort = options.BundleEndpointPort > 0 ? options.BundleEndpointPort : FreeLoopbackPort();
            void Configure(AdmissionWebhookOptions o)
            {
                options.ConfigureWebhooks?.Invoke(o);
                o.BindAddress = IPAddress.Loopback.ToString();
                o.Port = port;
                o.CertificateMode = ServingCertificateMode.SelfManaged;
            }

            var webhooks = new AdmissionWebhookOptions();
            Configure(webhooks);
            try
            {
                await WebhookServiceRoute.ApplyAsync(writer, webhooks, port, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new SandboxSuiteStartException($"creating the webhook Service {webhooks.Namespace}/{webhooks.ServiceName} failed: {e.Message}", e);
            }

            if (attempt == 1)
            {
                await InstallAsync(writer, manifests.WebhookConfigurations(), "webhook configurations", logger, ct).ConfigureAwait(false);
            }

            var host = SuiteHost.Build(server, options, Configure, bundlePort, loggerFactory);
            try
            {
                await host.StartAsync(ct).ConfigureAwait(false);
                logger.WebhookServerListening(webhooks.BindAddress, port);
                var bundleEndpoint = new Uri($"https://{IPAddress.Loopback}:{bundlePort}/");
                logger.BundleEndpointListening(bundleEndpoint);
                return (host, webhooks, bundleEndpoint);
            }
            catch (IOException e) when (attempt < BindAttempts)
            {
                logger.PortTaken(port, e);
                await DisposeHostAsync(host).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await DisposeHostAsync(host).ConfigureAwait(false);
                throw new SandboxSuiteStartException(
                    $"starting the admission webhook server on 127.0.0.1:{port} or the SPIFFE bundle endpoint on 127.0.0.1:{bundlePort} failed: {e.Message}", e);
            }
            catch
            {
                await DisposeHostAsync(host).ConfigureAwait(false);
                throw;
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task StopPartsAsync(IHost? host, SimulatedCluster? cluster, SandboxServer? server, Kubernetes? client, ILoggerFactory loggerFactory)
    {
        if (host is not null)
        {
            using var bound = new CancellationTokenSource(StopBound);
            try
            {
                await host.StopAsync(bound.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping is bounded; what did not finish in time is abandoned with the process or test.
            }

            await DisposeHostAsync(host).ConfigureAwait(false);
        }

        if (cluster is not null)
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
        }

        client?.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }

        loggerFactory.Dispose();
    }

    private static async Task DisposeHostAsync(IHost host)
    {
        if (host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            host.Dispose();
        }
    }
}
