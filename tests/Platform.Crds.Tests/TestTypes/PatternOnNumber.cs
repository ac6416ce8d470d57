using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Tests.TestTypes;

public sealed class PatternOnNumber
{
    [Pattern("^[0-9]+$")]
    public int Count { get; set; }
}
