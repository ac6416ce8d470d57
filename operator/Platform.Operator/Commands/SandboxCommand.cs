using System.CommandLine;
using System.Runtime.InteropServices;
using Platform.Identity;
using Platform.Operator.Suite;
using Platform.Sandbox.Cluster;
using Platform.Sandbox.Hosting;

namespace Platform.Operator.Commands;

/// <summary>
/// <c>platform sandbox [--port N] [--kubeconfig FILE] [--nodes N] [--data-dir DIR] [--bundle-endpoint-port N]
/// [--identity-upstream-ca-secret NAME]</c>: runs the embedded
/// control plane with the whole suite (<see cref="SandboxSuite"/>: CRDs, webhook server, simulated nodes),
/// writes an admin kubeconfig, prints a line containing <c>ready</c>, and serves until SIGINT/SIGTERM.
/// </summary>
internal sealed class SandboxCommand : Command
{
    public SandboxCommand()
        : base("sandbox", "Run an embedded Kubernetes control plane with the whole suite, for trying it without a cluster.")
    {
        var port = new Option<int>("--port") { Description = "HTTPS port on 127.0.0.1 (default: a free port).", DefaultValueFactory = _ => 0 };
        var kubeconfig = new Option<string>("--kubeconfig") { Description = "Where to write the admin kubeconfig.", DefaultValueFactory = _ => "sandbox.kubeconfig" };
        var nodes = new Option<int>("--nodes") { Description = "Number of simulated nodes (1-250).", DefaultValueFactory = _ => 1 };
        var dataDir = new Option<string?>("--data-dir") { Description = "Persist state in this directory (default: in memory)." };
        var bundlePort = new Option<int>("--bundle-endpoint-port") { Description = "Port of the SPIFFE bundle endpoint on 127.0.0.1 (default: a free port).", DefaultValueFactory = _ => 0 };
        var upstreamCa = new Option<string?>("--identity-upstream-ca-secret")
        {
            Description = "Secret in platform-system with an upstream CA (tls.crt, tls.key, optional ca.crt) that signs the trust-domain CA; nothing is signed until it exists and is valid.",
        };
        Options.Add(port);
        Options.Add(kubeconfig);
        Options.Add(nodes);
        Options.Add(dataDir);
        Options.Add(bundlePort);
        Options.Add(upstreamCa);
        SetAction((parse, ct) => RunAsync(
            new SandboxArguments(parse.GetValue(port), parse.GetValue(kubeconfig)!, parse.GetValue(nodes), parse.GetValue(dataDir), parse.GetValue(bundlePort), parse.GetValue(upstreamCa)),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
    }

    private static async Task<int> RunAsync(SandboxArguments arguments, TextWriter output, TextWriter error, CancellationToken invocation)
    {
        var (port, kubeconfig, nodes, dataDir, bundlePort, upstreamCa) = arguments;
        if (port is < 0 or > 65535 || nodes is < 1 or > 250 || bundlePort is < 0 or > 65535)
        {
            await error.WriteLineAsync("--port and --bundle-endpoint-port must be 0-65535 and --nodes 1-250");
            return 2;
        }

        // Serve until SIGINT/SIGTERM, whoever else listens for them.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(invocation);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        return await SandboxSuite.RunAsync(new SandboxSuiteOptions
        {
            Sandbox = new SandboxOptions { Port = port, KubeconfigPath = kubeconfig, DataDirectory = dataDir },
            Cluster = new SimulatedClusterOptions
            {
                Nodes = nodes,
                WorkingDirectory = Path.Combine(dataDir ?? Path.GetTempPath(), "platform-sandbox-cluster"),
            },
            BundleEndpointPort = bundlePort,
            Identity = string.IsNullOrEmpty(upstreamCa) ? null : new IdentityOptions { UpstreamCaSecretName = upstreamCa },
        }, output, stop.Token);
    }
}
