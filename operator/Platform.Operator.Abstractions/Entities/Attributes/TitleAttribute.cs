namespace Platform.Operator.Abstractions.Entities.Attributes;

/// <summary>A schema title.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Class)]
public sealed class TitleAttribute(string title) : Attribute
{
    /// <summary>The title.</summary>
    public string Title => title;
}
