namespace Platform.Operator.Abstractions.Entities.Attributes;

/// <summary>Sets the OpenAPI format of a field.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class FormatAttribute(string format) : Attribute
{
    /// <summary>The OpenAPI format, e.g. <c>date-time</c>.</summary>
    public string Format => format;
}
