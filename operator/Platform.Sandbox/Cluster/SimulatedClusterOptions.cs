using Microsoft.Extensions.Logging;

namespace Platform.Sandbox.Cluster;

/// <summary>How to run the simulated nodes and controllers.</summary>
public sealed class SimulatedClusterOptions
{
    /// <summary>Number of nodes (<see cref="NodeNamePrefix"/>1..N).</summary>
    public int Nodes { get; set; } = 3;

    public string NodeNamePrefix { get; set; } = "node-";

    /// <summary>IPv4 pod CIDR; node i gets the i-th /24 in it (10.244.i.0/24). Addresses are only written into objects.</summary>
    public string PodCidr { get; set; } = "10.244.0.0/16";

    /// <summary>IPv6 pod CIDR for dual-stack pods (node i gets the i-th /64); null for IPv4-only pods.</summary>
    public string? PodCidrIPv6 { get; set; } = "fd00:10:244::/56";

    /// <summary>Where kubelets write pod volumes (<c>pods/&lt;uid&gt;/volumes/kubernetes.io~projected/&lt;volume&gt;</c>).</summary>
    public string WorkingDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "platform-sandbox-cluster");

    /// <summary>Clock for heartbeats, lease renewals, timestamps and certificate refresh.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>How often each kubelet renews its node Lease (kubelet default 10 s).</summary>
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Lease duration written into node Leases (kubelet default 40 s).</summary>
    public int LeaseDurationSeconds { get; set; } = 40;

    /// <summary>How often each kubelet re-posts its Node status heartbeat (kubelet default 5 min).</summary>
    public TimeSpan NodeStatusReportInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Random delay added to beginRefreshAt before a podCertificate refresh. The kubelet uses up to 5 min; the
    /// default 0 refreshes exactly at beginRefreshAt so tests are deterministic.
    /// </summary>
    public TimeSpan MaxRefreshJitter { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Kubelets keep a deleted pod's containers running until its deletion grace period (on <see cref="TimeProvider"/>)
    /// has passed, as containers that ignore SIGTERM do; a second DELETE with a shorter grace period shortens the wait.
    /// Off (the default), containers stop at once, as ones that exit on SIGTERM do, and the pod goes immediately.
    /// </summary>
    public bool WaitOutGracePeriod { get; set; }

    /// <summary>
    /// Create PodCertificateRequests in the pre-GA form (certificates.k8s.io/v1beta1 with the deprecated pkixPublicKey
    /// and proofOfPossession) instead of v1 with stubPKCS10Request.
    /// </summary>
    public bool LegacyPodCertificateRequests { get; set; }

    internal void Validate()
    {
        if (Nodes is < 1 or > 250)
        {
            throw new ArgumentException($"Nodes must be between 1 and 250, got {Nodes}");
        }

        if (string.IsNullOrWhiteSpace(NodeNamePrefix) || string.IsNullOrWhiteSpace(WorkingDirectory))
        {
            throw new ArgumentException("NodeNamePrefix and WorkingDirectory are required");
        }

        _ = Kubelet.PodSubnet.ForNode(PodCidr, 1, Nodes);
        if (PodCidrIPv6 is { } v6)
        {
            _ = Kubelet.PodSubnet.ForNode(v6, 1, Nodes);
        }

        if (LeaseRenewInterval <= TimeSpan.Zero || NodeStatusReportInterval <= TimeSpan.Zero || LeaseDurationSeconds <= 0)
        {
            throw new ArgumentException("heartbeat intervals must be positive");
        }
    }
}
