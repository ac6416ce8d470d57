using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Tests.TestTypes;

[Description("Type-level text.")]
public sealed class DescribedType
{
    public string Value { get; set; } = "";
}
