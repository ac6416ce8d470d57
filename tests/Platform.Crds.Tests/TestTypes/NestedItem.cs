using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Tests.TestTypes;

[Description("An item of a list.")]
public sealed class NestedItem
{
    [Required]
    [Description("Identifies the item.")]
    public string Name { get; set; } = "";

    public int Value { get; set; }
}
