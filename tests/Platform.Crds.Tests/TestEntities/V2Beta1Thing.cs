using k8s.Models;

namespace Platform.Crds.Tests.TestEntities;

[KubernetesEntity(Group = "tests.platform.example", ApiVersion = "v2beta1", Kind = "Thing")]
public sealed class V2Beta1Thing : Thing
{
}
