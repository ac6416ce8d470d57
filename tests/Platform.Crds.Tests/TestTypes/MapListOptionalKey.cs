using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Tests.TestTypes;

public sealed class MapListOptionalKey
{
    [XListType(XListType.Map)]
    [XListMapKeys("value")]
    public List<NestedItem> Items { get; set; } = [];
}
