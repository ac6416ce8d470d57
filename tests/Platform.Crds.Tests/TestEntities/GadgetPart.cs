using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Tests.TestEntities;

public sealed class GadgetPart
{
    [Description("Weight in grams.")]
    [AdditionalPrinterColumn(name: "Weight")]
    public double Weight { get; set; }
}
