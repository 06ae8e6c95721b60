namespace CovidSpark.Architecture.Tests;

/// <summary>The repository root: the first folder upwards from the test binaries that holds CovidSpark.sln.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "CovidSpark.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("CovidSpark.sln not found above " + AppContext.BaseDirectory);
    }
}
