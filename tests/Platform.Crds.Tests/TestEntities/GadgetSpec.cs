using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Tests.TestEntities;

[Description("What the gadget should be.")]
public sealed class GadgetSpec
{
    [Required]
    [Description("How big.")]
    [AdditionalPrinterColumn(PrinterColumnPriority.WideView)]
    public int Size { get; set; }

    [Description("When it was built.")]
    [AdditionalPrinterColumn(name: "Built")]
    public DateTime? Built { get; set; }

    [Description("Its parts.")]
    [AdditionalPrinterColumn(name: "Parts", Format = "x")]
    public List<string> Parts { get; set; } = [];

    [Description("A nested part.")]
    public GadgetPart Part { get; set; } = new();
}
