namespace Platform.Operator.Abstractions.Entities.Attributes;

/// <summary>The string must match the pattern.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PatternAttribute(string regexPattern) : Attribute
{
    /// <summary>The ECMA-262 regular expression a string must match.</summary>
    public string RegexPattern => regexPattern;
}
