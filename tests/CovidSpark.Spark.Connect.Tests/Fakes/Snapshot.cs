using System.Runtime.CompilerServices;

namespace CovidSpark.Connect.Tests.Fakes;

/// <summary>
/// Golden files under <c>Snapshots/&lt;case&gt;/</c> next to this source tree. A mismatch fails the test;
/// run with <c>UPDATE_SNAPSHOTS=1</c> to rewrite them (then review the diff before committing).
/// </summary>
internal static class Snapshot
{
    public static void Match(string caseName, string relativePath, string actual, [CallerFilePath] string callerFile = "")
    {
        var (path, text) = Locate(caseName, relativePath, actual, callerFile);
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
            return;
        }
        Assert.True(File.Exists(path), $"Golden file {path} is missing; run the tests with UPDATE_SNAPSHOTS=1 to create it.");
        Assert.Equal(File.ReadAllText(path), text);
    }

    /// <summary>A twin file kept for reading side by side: written with <c>UPDATE_SNAPSHOTS=1</c>, required to exist, not compared.</summary>
    public static void Twin(string caseName, string relativePath, string actual, [CallerFilePath] string callerFile = "")
    {
        var (path, text) = Locate(caseName, relativePath, actual, callerFile);
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }
        Assert.True(File.Exists(path), $"Twin file {path} is missing; run the tests with UPDATE_SNAPSHOTS=1 to create it.");
    }

    private static (string Path, string Text) Locate(string caseName, string relativePath, string actual, string callerFile)
    {
        var root = Path.GetDirectoryName(callerFile)!;
        while (!File.Exists(Path.Combine(root, "CovidSpark.Spark.Connect.Tests.csproj"))) root = Path.GetDirectoryName(root)!;
        return (Path.Combine(root, "Snapshots", caseName, relativePath), actual.Replace("\r\n", "\n").TrimEnd() + "\n");
    }
}
