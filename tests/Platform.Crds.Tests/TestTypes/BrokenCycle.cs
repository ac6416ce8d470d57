using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Tests.TestTypes;

public sealed class BrokenCycle
{
    public string Name { get; set; } = "";

    [PreserveUnknownFields]
    public BrokenCycle? Next { get; set; }

    [Ignore]
    public BrokenCycle? Parent { get; set; }
}
