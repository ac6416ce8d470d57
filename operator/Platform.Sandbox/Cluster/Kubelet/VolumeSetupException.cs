namespace Platform.Sandbox.Cluster.Kubelet;

/// <summary>A pod volume could not be set up yet (missing object, bad path); the kubelet reports it and retries.</summary>
internal sealed class VolumeSetupException : Exception
{
    public VolumeSetupException(string volume, string reason)
        : base($"MountVolume.SetUp failed for volume \"{volume}\" : {reason}")
    {
        Volume = volume;
    }

    public VolumeSetupException()
    {
        Volume = "";
    }

    public VolumeSetupException(string message)
        : base(message)
    {
        Volume = "";
    }

    public VolumeSetupException(string message, Exception innerException)
        : base(message, innerException)
    {
        Volume = "";
    }

    public string Volume { get; }
}
