namespace CovidSpark.Architecture.Tests;

/// <summary>The repository's own files below a folder: build output (bin, obj) and installed packages (node_modules) left out.</summary>
internal static class SourceTree
{
    private static readonly string[] Generated = ["bin", "obj", "node_modules"];

    public static IEnumerable<string> Files(string folder, string pattern) =>
        Directory.EnumerateFiles(folder, pattern, SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(folder, f).Split(Path.DirectorySeparatorChar).Any(s => Generated.Contains(s)));
}
