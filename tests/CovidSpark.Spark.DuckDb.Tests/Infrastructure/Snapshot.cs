using System.Runtime.CompilerServices;

namespace CovidSpark.Spark.Tests.Infrastructure;

/// <summary>
/// Golden files: <c>Snapshots/&lt;Test&gt;/&lt;engine&gt;/query.sql</c> next to this project, compared exactly.
/// Run with <c>UPDATE_SNAPSHOTS=1</c> to (re)write them, then review the diff before committing.
/// </summary>
public static class Snapshot
{
    /// <summary>Placeholder written into goldens instead of the per-run temp directory.</summary>
    public const string TempPlaceholder = "{TMP}";

    private static bool Updating => Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") is "1" or "true";

    public static void Match(string actual, string test, string engine, string? tempDir, [CallerFilePath] string callerFile = "")
    {
        if (tempDir is not null) actual = actual.Replace(tempDir, TempPlaceholder, StringComparison.Ordinal);
        var file = Path.Combine(ProjectDir(callerFile), "Snapshots", test, engine, "query.sql");
        if (Updating)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, actual);
            return;
        }
        Assert.True(File.Exists(file), $"No golden file {file}. Run the tests with UPDATE_SNAPSHOTS=1 to create it, then review it.");
        Assert.Equal(File.ReadAllText(file), actual);
    }

    private static string ProjectDir(string callerFile)
    {
        var dir = Path.GetDirectoryName(callerFile);
        while (dir is not null && !Directory.EnumerateFiles(dir, "*.csproj").Any())
            dir = Path.GetDirectoryName(dir);
        return dir ?? throw new InvalidOperationException($"Cannot find the test project above {callerFile}.");
    }
}
