using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Tests.TestEntities;

[Description("What the gadget is.")]
public sealed class GadgetStatus
{
    [Description("Lifecycle phase.")]
    [AdditionalPrinterColumn(name: "Phase")]
    public string? Phase { get; set; }

    public bool Ready { get; set; }
}
