namespace CovidSpark.Bench;

/// <summary>Command-line arguments of the benchmark, with defaults pointing at ../shared/data.</summary>
internal sealed class BenchArgs
{
    private readonly Dictionary<string, string> _named = new(StringComparer.Ordinal);

    public BenchArgs(string[] args)
    {
        Mode = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "all";
        for (var i = 0; i < args.Length - 1; i++)
            if (args[i].StartsWith("--", StringComparison.Ordinal)) _named[args[i][2..]] = args[i + 1];
    }

    public string Mode { get; }
    public string? Get(string name) => _named.GetValueOrDefault(name);
    public string Shared => Get("shared") ?? FindShared();
    public string Input => Get("input") ?? Path.Combine(Shared, "jhu", "daily_reports");
    public string Lookup => Get("lookup") ?? Path.Combine(Shared, "jhu", "UID_ISO_FIPS_LookUp_Table.csv");
    public string Indicators => Get("indicators") ?? Path.Combine(Shared, "owid", "owid-covid-latest-2021-10.csv");
    public string Lake => Get("lake") ?? Path.Combine(Path.GetTempPath(), "covidspark-bench-lake");
    public string Jobs => Get("jobs") ?? "etl,stats,cluster";
    /// <summary>How many times each "one more day" row runs (the fastest counts).</summary>
    public int Repeat => int.Parse(Get("repeat") ?? "3", System.Globalization.CultureInfo.InvariantCulture);
    public int Days => int.Parse(Get("days") ?? "365", System.Globalization.CultureInfo.InvariantCulture);

    private static string FindShared()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            foreach (var c in new[] { Path.Combine(dir.FullName, "shared", "data"), Path.Combine(dir.FullName, "..", "shared", "data") })
                if (Directory.Exists(c)) return Path.GetFullPath(c);
        return Path.GetFullPath(Path.Combine("..", "shared", "data"));
    }
}
