namespace Platform.Sandbox.Cluster.PodCertificates;

/// <summary>Outcome of setting up a pod's podCertificate volumes: all ready, still waiting, or failed (with why).</summary>
internal sealed record VolumeReadiness(bool Ready, string? FailedVolume = null, string? Failure = null)
{
    public static VolumeReadiness AllReady { get; } = new(true);

    public static VolumeReadiness Waiting { get; } = new(false);
}
