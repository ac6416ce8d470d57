using k8s.Models;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Tests.TestEntities;

[KubernetesEntity(Group = "tests.platform.example", ApiVersion = "v2", Kind = "Thing")]
[StorageVersion]
public sealed class SecondStorageThing : Thing
{
}
