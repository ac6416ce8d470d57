using k8s.Models;
using Platform.Operator.Abstractions.Entities;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Tests.TestEntities;

[KubernetesEntity(Group = "tests.platform.example", ApiVersion = "v1alpha1", Kind = "Policy")]
[Description("A policy without a status.")]
public sealed class Policy : CustomKubernetesEntity<ThingSpec>
{
}
