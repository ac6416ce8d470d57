using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Tests.TestTypes;

public sealed class ListTypeOnString
{
    [XListType(XListType.Set)]
    public string Value { get; set; } = "";
}
