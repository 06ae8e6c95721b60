namespace CovidSpark.Launcher.Tests;

/// <summary>Finds files of the repository from the test's output folder.</summary>
internal static class RepoFiles
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "CovidSpark.sln"))) return dir.FullName;
            throw new DirectoryNotFoundException("CovidSpark.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string EmrConfig => Path.Combine(Root, "emr-config.json");
}
