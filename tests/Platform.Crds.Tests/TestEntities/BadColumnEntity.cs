using k8s.Models;
using Platform.Operator.Abstractions.Entities;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Tests.TestEntities;

[KubernetesEntity(Group = "tests.platform.example", ApiVersion = "v1", Kind = "BadColumnEntity")]
[GenericAdditionalPrinterColumn(".spec.colour", "Colour", "array")]
public sealed class BadColumnEntity : CustomKubernetesEntity<ThingSpec>
{
}
