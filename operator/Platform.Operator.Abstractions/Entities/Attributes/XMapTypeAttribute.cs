namespace Platform.Operator.Abstractions.Entities.Attributes;

/// <summary>The topology of a map (x-kubernetes-map-type).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class XMapTypeAttribute(XMapType mapType) : Attribute
{
    /// <summary>The map type.</summary>
    public XMapType MapType => mapType;
}
