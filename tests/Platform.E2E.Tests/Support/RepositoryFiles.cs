namespace Platform.E2E.Tests.Support;

/// <summary>Files of the repository the tests run from (found by walking up to Platform.sln).</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    /// <summary>The upstream examples kept by the CRD tests (MetalLB, Istio, spire-controller-manager docs).</summary>
    public static string Example(string fileName) => File.ReadAllText(Path.Combine(Root, "tests", "Platform.Crds.Tests", "Examples", fileName));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Platform.sln not found above {AppContext.BaseDirectory}");
    }
}
