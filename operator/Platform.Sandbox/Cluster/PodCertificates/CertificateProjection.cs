namespace Platform.Sandbox.Cluster.PodCertificates;

/// <summary>The kubelet's in-memory record of one podCertificate projected volume source of one pod.</summary>
internal sealed class CertificateProjection : IDisposable
{
    public ProjectionPhase Phase { get; set; } = ProjectionPhase.Initial;

    /// <summary>Key and request name of the request being waited for (initial or refresh).</summary>
    public string? PendingKeyPem { get; set; }

    public string? PendingRequest { get; set; }

    /// <summary>The credentials in use (written to the volume).</summary>
    public string? KeyPem { get; set; }

    public string? CertificateChain { get; set; }

    public DateTimeOffset RefreshAt { get; set; }

    public DateTimeOffset NotAfter { get; set; }

    public string FailureReason { get; set; } = "";

    public string FailureMessage { get; set; } = "";

    /// <summary>Whether the volume-setup failure has been reported (events) already.</summary>
    public bool FailureReported { get; set; }

    public ITimer? RefreshTimer { get; set; }

    public void Dispose() => RefreshTimer?.Dispose();
}
