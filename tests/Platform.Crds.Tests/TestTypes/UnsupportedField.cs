namespace Platform.Crds.Tests.TestTypes;

public sealed class UnsupportedField
{
    public TimeSpan Timeout { get; set; }
}
