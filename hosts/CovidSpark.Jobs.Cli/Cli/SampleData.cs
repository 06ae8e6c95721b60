namespace CovidSpark.Jobs.Cli;

/// <summary>Finds the sample data shipped in the repository (<c>data/sample</c>), from the working folder or the program's folder upwards.</summary>
internal static class SampleData
{
    public static string Root()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "data", "sample");
                if (Directory.Exists(candidate)) return candidate;
            }
        }
        return Path.Combine("data", "sample");
    }

    public static string DailyReports => Path.Combine(Root(), "jhu", "daily_reports");
    public static string Lookup => Path.Combine(Root(), "jhu", "UID_ISO_FIPS_LookUp_Table.csv");
    public static string Indicators => Path.Combine(Root(), "owid", "owid-covid-latest-2021-10.csv");
}
