using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Tests.TestTypes;

public sealed class InvalidDefault
{
    [DefaultValue("Cluster")]
    public string Mode { get; set; } = "";
}
