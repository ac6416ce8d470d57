namespace Platform.E2E.Tests.Support;

/// <summary>Tests sharing one running suite; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SuiteCollection : ICollectionFixture<SuiteFixture>
{
    public const string Name = "sandbox suite";
}
