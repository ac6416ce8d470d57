namespace Platform.Crds.Tests.TestTypes;

public sealed class RepeatedType
{
    public NestedItem First { get; set; } = new();

    public NestedItem Second { get; set; } = new();
}
