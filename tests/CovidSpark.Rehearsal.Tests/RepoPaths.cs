namespace CovidSpark.Rehearsal.Tests;

/// <summary>Files of the repository the tests use (found upwards from the test binary).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = Find();

    public static string EmrConfig => Path.Combine(Root, "emr-config.json");

    public static string Template => Path.Combine(Root, "deploy", "template.yaml");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CovidSpark.sln"))) return dir.FullName;
        throw new InvalidOperationException("CovidSpark.sln not found above " + AppContext.BaseDirectory);
    }
}
