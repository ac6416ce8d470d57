using Platform.Operator.Abstractions.Entities;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Tests.TestEntities;

[EntityScope(EntityScope.Cluster)]
[KubernetesEntityShortNames("th")]
[Description("A thing served in three versions.")]
public abstract class Thing : CustomKubernetesEntity<ThingSpec>
{
}
