using k8s.Models;
using Platform.Operator.Abstractions.Entities;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Tests.TestEntities;

[KubernetesEntity(Group = "tests.platform.example", ApiVersion = "v1beta2", Kind = "Thing", PluralName = "things")]
[EntityScope(EntityScope.Namespaced)]
public sealed class NamespacedThing : CustomKubernetesEntity<ThingSpec>
{
}
