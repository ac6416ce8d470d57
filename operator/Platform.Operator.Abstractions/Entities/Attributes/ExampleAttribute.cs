namespace Platform.Operator.Abstractions.Entities.Attributes;

/// <summary>An example value shown in the schema.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ExampleAttribute(string example) : Attribute
{
    /// <summary>The example, as JSON.</summary>
    public string Example => example;
}
