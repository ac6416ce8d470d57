namespace Platform.LoadBalancer.Services;

/// <summary>The outcome of planning a Service.</summary>
public enum ServiceDisposition
{
    /// <summary>Not ours (other loadBalancerClass): do not touch it at all.</summary>
    Ignored,

    /// <summary>Not a LoadBalancer (any more): clear the status and the pool annotation.</summary>
    NotLoadBalancer,

    /// <summary>Addresses assigned.</summary>
    Assigned,

    /// <summary>No address; the condition says why.</summary>
    Pending,
}
