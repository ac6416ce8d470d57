using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Tests.TestEntities;

[Description("What the thing should be.")]
public sealed class ThingSpec
{
    [Description("Its colour.")]
    public string? Colour { get; set; }
}
