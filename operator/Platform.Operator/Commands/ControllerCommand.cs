using System.CommandLine;
using System.Net;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Operator.Abstractions.Builder;
using Platform.Operator.Runtime.Hosting;

using Platform.Operator.Suite;
using Platform.Webhooks;
using Platform.Webhooks.Federation;
using Platform.Webhooks.Hosting;

namespace Platform.Operator.Commands;

/// <summary>
/// <c>platform controller</c>: runs every registered reconciler against the cluster from --kubeconfig, KUBECONFIG,
/// ~/.kube/config or the in-cluster service account, with Lease-based leader election, and serves /metrics,
/// /healthz and /readyz; on every replica also the admission webhooks and the SPIFFE bundle endpoint. Ends gracefully
/// on SIGTERM within the shutdown bound.
/// </summary>
internal sealed class ControllerCommand : Command
{
    public ControllerCommand()
        : base("controller", "Run the reconcilers (only on the Lease holder) against the cluster from KUBECONFIG or the in-cluster configuration.")
    {
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Path to a kubeconfig (default: KUBECONFIG, ~/.kube/config, then in-cluster)." };
        var context = new Option<string?>("--context") { Description = "The kubeconfig context to use." };
        var watchNamespace = new Option<string?>("--namespace") { Description = "Only watch this namespace (default: all namespaces)." };
        var leaderElection = new Option<bool>("--leader-elect") { Description = "Reconcile only while holding the Lease.", DefaultValueFactory = _ => true };
        var leaseName = new Option<string>("--lease-name") { Description = "The Lease's name.", DefaultValueFactory = _ => "platform-controller-leader" };
        var leaseNamespace = new Option<string?>("--lease-namespace") { Description = "The Lease's namespace (default: the pod's namespace, else 'default')." };
        var identity = new Option<string?>("--identity") { Description = "This replica's Lease identity (default: POD_NAME, else the host name)." };
        var concurrency = new Option<int>("--concurrency") { Description = "Keys each controller reconciles at once.", DefaultValueFactory = _ => 1 };
        var bindAddress = new Option<string>("--bind-address") { Description = "Address of /metrics, /healthz and /readyz.", DefaultValueFactory = _ => "0.0.0.0:8080" };
        var shutdown = new Option<int>("--shutdown-timeout") { Description = "Seconds in-flight reconciles may finish after SIGTERM.", DefaultValueFactory = _ => 20 };
        var webhookPort = new Option<int>("--webhook-port") { Description = "HTTPS port of the admission webhook server, which runs on every replica (0 turns it off).", DefaultValueFactory = _ => 9443 };
        var webhookCertificates = new Option<ServingCertificateMode>("--webhook-certificates")
        {
            Description = "Files: tls.crt/tls.key from --webhook-cert-dir, reloaded on change (cert-manager). SelfManaged: a CA in a Secret, a renewed serving certificate and the caBundle written into the suite's webhook configurations.",
            DefaultValueFactory = _ => ServingCertificateMode.SelfManaged,
        };
        var webhookCertDir = new Option<string>("--webhook-cert-dir") { Description = "Directory of tls.crt and tls.key in Files mode.", DefaultValueFactory = _ => "/tmp/k8s-webhook-server/serving-certs" };
        var bundlePort = new Option<int>("--bundle-endpoint-port")
        {
            Description = "HTTPS port of the SPIFFE bundle endpoint for federation (GET /, SPIRE's https_web profile), served by every replica (0 turns it off).",
            DefaultValueFactory = _ => 8443,
        };
        var bundleCertDir = new Option<string?>("--bundle-endpoint-cert-dir")
        {
            Description = "Directory of tls.crt and tls.key for the bundle endpoint (e.g. a certificate for the public name federated peers dial); default: the webhook server's certificate.",
        };
        var upstreamCa = new Option<string?>("--identity-upstream-ca-secret")
        {
            Description = "Secret (suite namespace) with an upstream CA (tls.crt, tls.key, optional ca.crt): the trust-domain CA becomes an intermediate it signs and the bundle its roots. Nothing is signed while it is missing or malformed.",
        };
        foreach (var option in new Option[]
                 {
                     kubeconfig, context, watchNamespace, leaderElection, leaseName, leaseNamespace, identity, concurrency, bindAddress, shutdown, webhookPort,
                     webhookCertificates, webhookCertDir, bundlePort, bundleCertDir, upstreamCa,
                 })
        {
            Options.Add(option);
        }

        SetAction(async (parseResult, cancellationToken) =>
        {
            // The host owns SIGTERM/SIGINT and drains within --shutdown-timeout; System.CommandLine's own 2 s
            // termination handling would cut that short (must be set before the first await).
            parseResult.InvocationConfiguration.ProcessTerminationTimeout = null;
            var error = parseResult.InvocationConfiguration.Error;

            KubernetesClientConfiguration config;
            try
            {
                config = LoadConfiguration(parseResult.GetValue(kubeconfig), parseResult.GetValue(context));
            }
            catch (Exception e) when (e is k8s.Exceptions.KubeConfigException or FileNotFoundException or IOException)
            {
                await error.WriteLineAsync($"platform controller: no usable cluster configuration: {e.Message}");
                return 1;
            }

            if (!IPEndPoint.TryParse(parseResult.GetValue(bindAddress)!, out var endpoint))
            {
                await error.WriteLineAsync($"platform controller: --bind-address '{parseResult.GetValue(bindAddress)}' is not address:port.");
                return 1;
            }

            var settings = new OperatorSettings
            {
                Namespace = parseResult.GetValue(watchNamespace),
                EnableLeaderElection = parseResult.GetValue(leaderElection),
                LeaseName = parseResult.GetValue(leaseName)!,
                LeaseNamespace = parseResult.GetValue(leaseNamespace) ?? config.Namespace ?? Environment.GetEnvironmentVariable("POD_NAMESPACE") ?? "default",
                Identity = parseResult.GetValue(identity) ?? Environment.GetEnvironmentVariable("POD_NAME") ?? Environment.MachineName,
                MaxConcurrentReconciles = parseResult.GetValue(concurrency),
                ShutdownTimeout = TimeSpan.FromSeconds(parseResult.GetValue(shutdown)),
            };
            try
            {
                settings.Validate();
            }
            catch (ArgumentException e)
            {
                await error.WriteLineAsync($"platform controller: {e.Message}");
                return 1;
            }

            if (parseResult.GetValue(bundlePort) is < 0 or > 65535)
            {
                await error.WriteLineAsync($"platform controller: --bundle-endpoint-port {parseResult.GetValue(bundlePort)} is outside 0..65535.");
                return 1;
            }

            var identityOptions = new Platform.Identity.IdentityOptions { UpstreamCaSecretName = parseResult.GetValue(upstreamCa) ?? string.Empty };
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(o => o.Listen(endpoint));
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.ShutdownTimeout + TimeSpan.FromSeconds(10));
            builder.Services.AddSingleton<IKubernetes>(new Kubernetes(config));
            SuiteFeatures.Register(builder.Services.AddKubernetesOperator(s => s.With(_ => settings)), identityOptions);
            void Certificates(AdmissionWebhookOptions o)
            {
                o.CertificateMode = parseResult.GetValue(webhookCertificates);
                o.CertificateDirectory = parseResult.GetValue(webhookCertDir)!;
                o.Namespace = SuiteFeatures.SuiteNamespace;
            }

            var webhooksOn = parseResult.GetValue(webhookPort) is > 0;
            if (webhooksOn)
            {
                // Admission needs no leadership: every replica serves it, so a rolling update never blocks writes.
                builder.Services.AddAdmissionWebhooks(o =>
                {
                    o.Port = parseResult.GetValue(webhookPort);
                    Certificates(o);
                }).AddPlatformWebhooks();
            }

            if (parseResult.GetValue(bundlePort) is > 0 and var federationPort)
            {
                // Federation needs no leadership either: every replica serves the published bundle.
                builder.Services.AddSpiffeBundleEndpoint(
                    o =>
                    {
                        o.Port = federationPort;
                        o.CertificateDirectory = parseResult.GetValue(bundleCertDir);
                    },
                    webhooksOn ? null : Certificates);
            }

            await using var app = builder.Build();
            app.MapOperatorEndpoints();
            // The token only ends an in-process invocation (tests); signals reach the host's own lifetime.
            await app.RunAsync(cancellationToken);
            return 0;
        });
    }

    private static KubernetesClientConfiguration LoadConfiguration(string? kubeconfig, string? context)
    {
        if (kubeconfig is not null)
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig, context);
        }

        var fromEnvironment = Environment.GetEnvironmentVariable("KUBECONFIG");
        var home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        if (!string.IsNullOrEmpty(fromEnvironment) || File.Exists(home))
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(
                string.IsNullOrEmpty(fromEnvironment) ? home : fromEnvironment.Split(Path.PathSeparator)[0], context);
        }

        // Never BuildDefaultConfig(): it silently falls back to http://localhost:8080.
        return KubernetesClientConfiguration.IsInCluster()
            ? KubernetesClientConfiguration.InClusterConfig()
            : throw new k8s.Exceptions.KubeConfigException("no --kubeconfig, KUBECONFIG, ~/.kube/config or in-cluster service account found");
    }
}
