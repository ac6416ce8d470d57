using k8s.Models;
using Platform.Crds.Tests.TestTypes;
using Platform.Operator.Abstractions.Entities;

namespace Platform.Crds.Tests.TestEntities;

[KubernetesEntity(Group = "tests.platform.example", ApiVersion = "v1", Kind = "CyclicEntity")]
public sealed class CyclicEntity : CustomKubernetesEntity<SelfReferencingNode>
{
}
