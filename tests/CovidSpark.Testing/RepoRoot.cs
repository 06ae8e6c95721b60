namespace CovidSpark.Testing;

/// <summary>The repository the tests run from: the first folder upwards from the test binaries that holds CovidSpark.sln.</summary>
public static class RepoRoot
{
    private static readonly Lazy<string> Found = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "CovidSpark.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("CovidSpark.sln not found above " + AppContext.BaseDirectory);
    });

    /// <summary>The repository's root folder.</summary>
    public static string Path => Found.Value;

    /// <summary>A path inside the repository, e.g. <c>RepoRoot.Combine("deploy", "template.yaml")</c>.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>The repository's emr-config.json.</summary>
    public static string EmrConfig => Combine("emr-config.json");
}
