namespace Platform.Crds.Tests.TestTypes;

public sealed class MutualA
{
    public MutualB? B { get; set; }
}
