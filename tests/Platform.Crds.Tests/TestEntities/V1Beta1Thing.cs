using k8s.Models;

namespace Platform.Crds.Tests.TestEntities;

[KubernetesEntity(Group = "tests.platform.example", ApiVersion = "v1beta1", Kind = "Thing")]
public sealed class V1Beta1Thing : Thing
{
}
