namespace Platform.Sandbox.Cluster.PodCertificates;

/// <summary>
/// Where one podCertificate projection is in the kubelet's state machine: Initial → Waiting → Fresh →
/// WaitingRefresh → Fresh …; Waiting/WaitingRefresh → Denied or Failed (permanent).
/// </summary>
internal enum ProjectionPhase
{
    Initial,
    Waiting,
    Fresh,
    WaitingRefresh,
    Denied,
    Failed,
}
