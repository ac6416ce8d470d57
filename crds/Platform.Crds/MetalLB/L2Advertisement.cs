using k8s.Models;
using Platform.Operator.Abstractions.Entities;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.MetalLB;

/// <summary>MetalLB's L2Advertisement (metallb.io/v1beta1): announces the IPs of the selected pools via ARP/NDP.</summary>
[KubernetesEntity(Group = IPAddressPool.Group, ApiVersion = IPAddressPool.Version, Kind = EntityKind, PluralName = Plural)]
[EntityScope(EntityScope.Namespaced)]
[Description("L2Advertisement allows to advertise the LoadBalancer IPs provided by the selected pools via L2.")]
public sealed class L2Advertisement : CustomKubernetesEntity<L2AdvertisementSpec, L2AdvertisementStatus>
{
    /// <summary>The kind.</summary>
    public const string EntityKind = "L2Advertisement";

    /// <summary>The resource (plural) name.</summary>
    public const string Plural = "l2advertisements";
}
