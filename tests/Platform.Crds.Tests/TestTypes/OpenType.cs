using Platform.Operator.Abstractions.Entities.Attributes;

namespace Platform.Crds.Tests.TestTypes;

[PreserveUnknownFields]
[Description("Keeps fields it does not name.")]
public sealed class OpenType
{
    public string Known { get; set; } = "";

    public OpenType? Next { get; set; }
}
