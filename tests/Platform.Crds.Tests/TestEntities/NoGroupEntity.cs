using k8s.Models;
using Platform.Operator.Abstractions.Entities;

namespace Platform.Crds.Tests.TestEntities;

[KubernetesEntity(Group = "", ApiVersion = "v1", Kind = "NoGroupEntity")]
public sealed class NoGroupEntity : CustomKubernetesEntity<ThingSpec>
{
}
