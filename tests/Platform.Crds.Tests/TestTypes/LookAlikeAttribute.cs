namespace Platform.Crds.Tests.TestTypes;

public sealed class LookAlikeAttribute
{
    [System.ComponentModel.Description("Read by KubeOps, not by this generator.")]
    public string Value { get; set; } = "";
}
