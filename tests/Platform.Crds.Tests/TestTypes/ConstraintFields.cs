using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Tests.TestTypes;

public sealed class ConstraintFields
{
    [Pattern("^[a-z]+$")]
    [Length(1, 63)]
    public string Name { get; set; } = "";

    [Length(maxLength: 10)]
    public string Short { get; set; } = "";

    [RangeMinimum(1)]
    [RangeMaximum(100, exclusiveMaximum: true)]
    public int Percent { get; set; }

    [RangeMinimum(0, exclusiveMinimum: true)]
    [MultipleOf(0.5)]
    public double Step { get; set; }

    [Items(1, 5)]
    public List<string> Tags { get; set; } = [];

    [PropertyLimits(maxProperties: 8)]
    public Dictionary<string, string> Labels { get; set; } = [];

    [EnumValues("Cluster", "Local")]
    public string Policy { get; set; } = "";

    [DefaultValue("true")]
    public bool Enabled { get; set; }

    [DefaultValue("\"Cluster\"")]
    public string Mode { get; set; } = "";

    [DefaultValue("{\"a\": 1, \"b\": [true, null, 1.5]}")]
    public Dictionary<string, object> Settings { get; set; } = [];

    [Example("\"example.com\"")]
    [Title("Host name")]
    [Format("hostname")]
    public string Host { get; set; } = "";

    [Description("Property-level text.")]
    public DescribedType Overridden { get; set; } = new();

    public DescribedType Inherited { get; set; } = new();
}
