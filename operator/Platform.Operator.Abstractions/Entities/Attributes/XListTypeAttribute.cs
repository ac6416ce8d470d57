namespace Platform.Operator.Abstractions.Entities.Attributes;

/// <summary>The topology of an array (x-kubernetes-list-type).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class XListTypeAttribute(XListType listType) : Attribute
{
    /// <summary>The list type.</summary>
    public XListType ListType => listType;
}
