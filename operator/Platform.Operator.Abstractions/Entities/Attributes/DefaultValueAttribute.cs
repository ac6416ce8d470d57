namespace Platform.Operator.Abstractions.Entities.Attributes;

/// <summary>The API server fills this default in when the field is absent.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DefaultValueAttribute(string json) : Attribute
{
    /// <summary>The default, as JSON (e.g. <c>true</c>, <c>"Cluster"</c>).</summary>
    public string Json => json;
}
