namespace Platform.Sandbox.Cluster;

/// <summary>Fixed settings shared by the simulated components.</summary>
internal static class ClusterDefaults
{
    /// <summary>Server-side watch timeout; the reflector then resumes from the last resourceVersion.</summary>
    public const int WatchTimeoutSeconds = 240;
}
