using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Tests.TestTypes;

public sealed class TopologyFields
{
    [XListType(XListType.Set)]
    public List<string> Set { get; set; } = [];

    [XListType(XListType.Atomic)]
    public List<NestedItem> Atomic { get; set; } = [];

    [XListType(XListType.Map)]
    [XListMapKeys("name")]
    public List<NestedItem> Keyed { get; set; } = [];

    [XMapType(XMapType.Atomic)]
    public Dictionary<string, string> AtomicMap { get; set; } = [];

    [XMapType(XMapType.Granular)]
    public NestedItem Granular { get; set; } = new();

    [PreserveUnknownFields]
    public NestedItem Open { get; set; } = new();

    [EmbeddedResource]
    public NestedItem Embedded { get; set; } = new();
}
