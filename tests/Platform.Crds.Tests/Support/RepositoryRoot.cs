namespace Platform.Crds.Tests.Support;

/// <summary>Finds the repository by walking up from the test binaries to Platform.sln.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string GeneratedCrds => System.IO.Path.Combine(Path, "crds", "generated");

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Platform.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Platform.sln above {AppContext.BaseDirectory}.");
    }
}
