using k8s.Models;

namespace Platform.Crds.Tests.TestEntities;

[KubernetesEntity(Group = "tests.platform.example", ApiVersion = "v1", Kind = "NotAnEntity")]
public sealed class NotAnEntity
{
    public string Name { get; set; } = "";
}
