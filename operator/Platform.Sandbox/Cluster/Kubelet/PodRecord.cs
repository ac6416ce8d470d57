namespace Platform.Sandbox.Cluster.Kubelet;

/// <summary>What one kubelet remembers about a pod it runs.</summary>
internal sealed class PodRecord
{
    public PodRecord(string uid) => Uid = uid;

    public string Uid { get; }

    /// <summary>Containers have started (the pod reached Running once); later volume trouble does not stop it.</summary>
    public bool Started { get; set; }

    /// <summary>The non-certificate projected sources have been written.</summary>
    public bool ProjectedWritten { get; set; }

    /// <summary>The last volume-setup failure reported by event, so a retry does not repeat it.</summary>
    public string? ReportedFailure { get; set; }

    /// <summary>When containers of a pod being deleted are stopped (its grace period ends, by this kubelet's clock).</summary>
    public DateTimeOffset? StopAt { get; set; }

    /// <summary>Containers were stopped for deletion and the terminal status reported.</summary>
    public bool Terminated { get; set; }

    /// <summary>The final DELETE (gracePeriodSeconds=0) was accepted.</summary>
    public bool FinalDeleteSent { get; set; }
}
