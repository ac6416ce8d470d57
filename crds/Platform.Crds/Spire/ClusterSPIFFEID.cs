using k8s.Models;
using Platform.Operator.Abstractions.Entities;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Spire;

/// <summary>
/// spire-controller-manager's ClusterSPIFFEID: a cluster-scoped policy that gives the pods it selects a
/// SPIFFE ID rendered from a template. Served unchanged so existing manifests apply as they are.
/// </summary>
[KubernetesEntity(Group = "spire.spiffe.io", ApiVersion = "v1alpha1", Kind = "ClusterSPIFFEID", PluralName = "clusterspiffeids")]
[EntityScope(EntityScope.Cluster)]
[Description("ClusterSPIFFEID is the Schema for the clusterspiffeids API")]
public sealed class ClusterSPIFFEID : CustomKubernetesEntity<ClusterSPIFFEIDSpec, ClusterSPIFFEIDStatus>
{
    /// <summary>API group.</summary>
    public const string KubeGroup = "spire.spiffe.io";

    /// <summary>API version inside the group.</summary>
    public const string KubeApiVersion = "v1alpha1";

    /// <summary>Kind.</summary>
    public const string KubeKind = "ClusterSPIFFEID";

    /// <summary>Plural resource name.</summary>
    public const string KubePluralName = "clusterspiffeids";
}
