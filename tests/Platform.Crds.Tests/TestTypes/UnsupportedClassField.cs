namespace Platform.Crds.Tests.TestTypes;

public sealed class UnsupportedClassField
{
    public Version Version { get; set; } = new();
}
