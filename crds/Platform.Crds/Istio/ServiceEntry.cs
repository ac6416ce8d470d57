using Platform.Operator.Abstractions.Entities;

namespace Platform.Crds.Istio;

/// <summary>
/// Istio's ServiceEntry (networking.istio.io): adds entries to the mesh's service registry. The three served
/// versions share this schema (upstream's v1 and v1beta1 Go types are aliases of v1alpha3), so validators and
/// reconcilers work on this base and the concrete classes only carry the version.
/// </summary>
public abstract class ServiceEntry : CustomKubernetesEntity<ServiceEntrySpec, ServiceEntryStatus>
{
    /// <summary>The API group.</summary>
    public const string Group = "networking.istio.io";

    /// <summary>The kind.</summary>
    public const string EntityKind = "ServiceEntry";

    /// <summary>The resource (plural) name.</summary>
    public const string Plural = "serviceentries";

    /// <summary>The short name (<c>kubectl get se</c>).</summary>
    public const string ShortName = "se";

    /// <summary>Description of the Hosts printer column, as upstream.</summary>
    public const string HostsColumnDescription = "The hosts associated with the ServiceEntry";

    /// <summary>Description of the Location printer column, as upstream.</summary>
    public const string LocationColumnDescription = "Whether the service is external to the mesh or part of the mesh (MESH_EXTERNAL or MESH_INTERNAL)";

    /// <summary>Description of the Resolution printer column, as upstream.</summary>
    public const string ResolutionColumnDescription = "Service resolution mode for the hosts (NONE, STATIC, or DNS)";

    /// <summary>Description of the Age printer column, as upstream.</summary>
    public const string AgeColumnDescription = "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC. Populated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/api-conventions.md#metadata";
}
