using k8s.Models;
using Platform.Operator.Abstractions.Entities;
using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Tests.TestEntities;

[KubernetesEntity(Group = "tests.platform.example", ApiVersion = "v1", Kind = "Gadget", PluralName = "gadgets")]
[KubernetesEntityShortNames("gd", "gdt")]
[Description("A gadget for tests.")]
[ValidationRule("self.metadata.name.size() < 20", message: "short names only")]
[GenericAdditionalPrinterColumn(".metadata.creationTimestamp", "Age", "date", Description = "Time since creation.")]
[GenericAdditionalPrinterColumn(".spec.part.weight", "Heavy", "number", Format = "double", Priority = PrinterColumnPriority.WideView)]
public sealed class Gadget : CustomKubernetesEntity<GadgetSpec, GadgetStatus>
{
}
