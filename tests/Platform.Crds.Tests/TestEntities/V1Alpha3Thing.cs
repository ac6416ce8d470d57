using k8s.Models;

namespace Platform.Crds.Tests.TestEntities;

[KubernetesEntity(Group = "tests.platform.example", ApiVersion = "v1alpha3", Kind = "Thing")]
public sealed class V1Alpha3Thing : Thing
{
}
