using k8s.Models;
using Platform.Operator.Abstractions.Entities;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.MetalLB;

/// <summary>
/// MetalLB's IPAddressPool (metallb.io/v1beta1): a pool of IP addresses that can be allocated to
/// LoadBalancer Services. Served unchanged so MetalLB manifests apply as they are.
/// </summary>
[KubernetesEntity(Group = Group, ApiVersion = Version, Kind = EntityKind, PluralName = Plural)]
[EntityScope(EntityScope.Namespaced)]
[Description("IPAddressPool represents a pool of IP addresses that can be allocated to LoadBalancer services.")]
public sealed class IPAddressPool : CustomKubernetesEntity<IPAddressPoolSpec, IPAddressPoolStatus>
{
    /// <summary>The API group.</summary>
    public const string Group = "metallb.io";

    /// <summary>The served (and storage) version.</summary>
    public const string Version = "v1beta1";

    /// <summary>The kind.</summary>
    public const string EntityKind = "IPAddressPool";

    /// <summary>The resource (plural) name.</summary>
    public const string Plural = "ipaddresspools";
}
