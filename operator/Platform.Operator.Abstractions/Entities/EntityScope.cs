namespace Platform.Operator.Abstractions.Entities;

/// <summary>Whether a custom resource lives in a namespace or at cluster scope.</summary>
public enum EntityScope
{
    /// <summary>The resource lives in a namespace.</summary>
    Namespaced,

    /// <summary>The resource is cluster-scoped.</summary>
    Cluster,
}
