using Microsoft.Extensions.Logging;
using Platform.Identity;
using Platform.Sandbox.Cluster;
using Platform.Sandbox.Hosting;
using Platform.Webhooks.Hosting;

namespace Platform.Operator.Suite;

/// <summary>How to run the whole suite inside the embedded control plane.</summary>
public sealed class SandboxSuiteOptions
{
    /// <summary>The embedded API server (port, kubeconfig path, data directory, clock).</summary>
    public SandboxOptions Sandbox { get; set; } = new();

    /// <summary>Simulated nodes, scheduler and kubelets; null runs the control plane without them.</summary>
    public SimulatedClusterOptions? Cluster { get; set; }

    /// <summary>
    /// Directory holding <c>crds/generated</c> and <c>webhooks/generated</c>; null searches upwards from the working
    /// directory and the executable for the repository (Platform.sln), then next to the executable.
    /// </summary>
    public string? ManifestRoot { get; set; }

    /// <summary>How long start-up may wait for the admission webhook to answer through the API server.</summary>
    public TimeSpan ReadyTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Adjusts the in-process admission webhook server (bind address, port and certificate mode are set by the suite).</summary>
    public Action<AdmissionWebhookOptions>? ConfigureWebhooks { get; set; }

    /// <summary>Workload-identity settings of the suite's controllers (trust domain, upstream CA Secret, lifetimes); null: defaults.</summary>
    public IdentityOptions? Identity { get; set; }

    /// <summary>Port of the SPIFFE bundle endpoint on 127.0.0.1; 0 picks a free one.</summary>
    public int BundleEndpointPort { get; set; }

    /// <summary>Logging of the suite's own host (webhooks, later the controllers); by default nothing is logged.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }
}
