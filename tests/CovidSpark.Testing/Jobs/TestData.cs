namespace CovidSpark.Testing.Jobs;

/// <summary>Where the real data lives: the repository's <c>data/sample</c> (found walking up from the test binaries) and the 40-day set in <c>../shared/data</c>.</summary>
public static class TestData
{
    public static string RepoRoot => CovidSpark.Testing.RepoRoot.Path;
    public static string Sample => Path.Combine(RepoRoot, "data", "sample");
    public static string SampleReports => Path.Combine(Sample, "jhu", "daily_reports");
    public static string SampleLookup => Path.Combine(Sample, "jhu", "UID_ISO_FIPS_LookUp_Table.csv");
    public static string SampleIndicators => Path.Combine(Sample, "owid", "owid-covid-latest-2021-10.csv");

    /// <summary>The sample report of a 2020 day, e.g. <c>Report("11-10")</c>.</summary>
    public static string Report(string monthDay) => Path.Combine(SampleReports, $"{monthDay}-2020.csv");

    /// <summary>The 40-day set next to the repository, or null when this machine does not have it.</summary>
    public static string? SharedReports
    {
        get
        {
            var dir = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data", "jhu", "daily_reports"));
            return Directory.Exists(dir) ? dir : null;
        }
    }
}
