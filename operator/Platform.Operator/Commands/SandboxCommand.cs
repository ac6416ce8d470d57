using System.CommandLine;
using System.Runtime.InteropServices;
using Platform.Operator.Suite;
using Platform.Sandbox.Cluster;
using Platform.Sandbox.Hosting;

namespace Platform.Operator.Commands;

/// <summary>
/// <c>platform sandbox [--port N] [--kubeconfig FILE] [--nodes N] [--data-dir DIR]</c>: runs the embedded
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
        Options.Add(port);
        Options.Add(kubeconfig);
        Options.Add(nodes);
        Options.Add(dataDir);
        SetAction((parse, ct) => RunAsync(
            parse.GetValue(port), parse.GetValue(kubeconfig)!, parse.GetValue(nodes), parse.GetValue(dataDir),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
    }

    private static async Task<int> RunAsync(int port, string kubeconfig, int nodes, string? dataDir, TextWriter output, TextWriter error, CancellationToken invocation)
    {
        if (port is < 0 or > 65535 || nodes is < 1 or > 250)
        {
            await error.WriteLineAsync("--port must be 0-65535 and --nodes 1-250");
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
        }, output, stop.Token);
    }
}
