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
        var root = Path.GetDirectoryName(callerFile)!;
        while (!File.Exists(Path.Combine(root, "CovidSpark.Connect.Tests.csproj"))) root = Path.GetDirectoryName(root)!;
        var path = Path.Combine(root, "Snapshots", caseName, relativePath);
        var text = actual.Replace("\r\n", "\n").TrimEnd() + "\n";
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
            return;
        }
        Assert.True(File.Exists(path), $"Golden file {path} is missing; run the tests with UPDATE_SNAPSHOTS=1 to create it.");
        Assert.Equal(File.ReadAllText(path), text);
    }
}
