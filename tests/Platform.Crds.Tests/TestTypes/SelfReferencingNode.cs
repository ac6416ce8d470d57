namespace Platform.Crds.Tests.TestTypes;

public sealed class SelfReferencingNode
{
    public List<SelfReferencingNode> Children { get; set; } = [];
}
