using k8s.Models;
using Platform.Operator.Abstractions.Entities;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Istio;

/// <summary>ServiceEntry as served at <c>networking.istio.io/v1alpha3</c> (a served, non-storage version).</summary>
[KubernetesEntity(Group = Group, ApiVersion = Version, Kind = EntityKind, PluralName = Plural)]
[EntityScope(EntityScope.Namespaced)]
[KubernetesEntityShortNames(ShortName)]
[GenericAdditionalPrinterColumn(".spec.hosts", "Hosts", "string", Description = HostsColumnDescription)]
[GenericAdditionalPrinterColumn(".spec.location", "Location", "string", Description = LocationColumnDescription)]
[GenericAdditionalPrinterColumn(".spec.resolution", "Resolution", "string", Description = ResolutionColumnDescription)]
[GenericAdditionalPrinterColumn(".metadata.creationTimestamp", "Age", "date", Description = AgeColumnDescription)]
public sealed class V1Alpha3ServiceEntry : ServiceEntry
{
    /// <summary>The API version.</summary>
    public const string Version = "v1alpha3";

    /// <summary>Creates an empty entity with apiVersion and kind set.</summary>
    public V1Alpha3ServiceEntry()
    {
        ApiVersion = $"{Group}/{Version}";
        Kind = EntityKind;
    }
}
