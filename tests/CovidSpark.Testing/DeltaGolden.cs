namespace CovidSpark.Testing;

/// <summary>
/// The Delta Lake project's golden tables, written by real Spark (../shared/data/delta-golden, or DELTA_GOLDEN): where they
/// are, and writable copies of them (the shared copy is read-only).
/// </summary>
public static class DeltaGolden
{
    /// <summary>The folder of all golden tables.</summary>
    /// <exception cref="DirectoryNotFoundException">Neither DELTA_GOLDEN nor ../shared/data/delta-golden exists.</exception>
    public static string Root
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable("DELTA_GOLDEN") ?? Path.Combine(RepoRoot.Path, "..", "shared", "data", "delta-golden");
            if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"The Delta golden tables are not at {Path.GetFullPath(dir)} (set DELTA_GOLDEN)");
            return Path.GetFullPath(dir);
        }
    }

    /// <summary>One golden table's root folder.</summary>
    public static string Table(string name) => Path.Combine(Root, name);

    /// <summary>Copies a golden table into <paramref name="temp"/> (files made writable); returns the copy's root.</summary>
    public static string Copy(string name, TempDir temp)
    {
        var target = Path.Combine(temp.Path, name);
        foreach (var file in Directory.EnumerateFiles(Table(name), "*", SearchOption.AllDirectories))
        {
            var dest = Path.Combine(target, Path.GetRelativePath(Table(name), file));
            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            File.Copy(file, dest);
            File.SetAttributes(dest, FileAttributes.Normal);
        }
        return target;
    }
}
