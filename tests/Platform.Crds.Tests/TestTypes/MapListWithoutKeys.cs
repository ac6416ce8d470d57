using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Tests.TestTypes;

public sealed class MapListWithoutKeys
{
    [XListType(XListType.Map)]
    public List<NestedItem> Items { get; set; } = [];
}
