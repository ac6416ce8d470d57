namespace Platform.Crds.Tests.TestTypes;

public sealed class NullabilityFields
{
    public string? OptionalText { get; set; }
    public int? OptionalInt { get; set; }
    public string PresentText { get; set; } = "";
    public int PresentInt { get; set; }
    public TestMode? OptionalMode { get; set; }
    public NestedItem? OptionalObject { get; set; }
    public List<string?> ListOfNullable { get; set; } = [];
    public Dictionary<string, string?> MapOfNullable { get; set; } = [];
    public List<int?> ListOfNullableInts { get; set; } = [];
}
