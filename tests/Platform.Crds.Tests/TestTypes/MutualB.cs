namespace Platform.Crds.Tests.TestTypes;

public sealed class MutualB
{
    public MutualA? A { get; set; }
}
