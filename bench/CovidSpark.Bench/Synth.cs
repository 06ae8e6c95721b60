using System.Globalization;

namespace CovidSpark.Bench;

/// <summary>Makes N days of daily reports from the real ones (cycling all 40 files of every header era, new dates from 2021-01-01) to test scale.</summary>
internal static class Synth
{
    public static int Run(BenchArgs a)
    {
        var outDir = a.Get("out") ?? Path.Combine(Path.GetTempPath(), $"covidspark-synth-{a.Days}");
        Make(a.Input, outDir, a.Days);
        Console.WriteLine(outDir);
        return 0;
    }

    public static string Make(string input, string outDir, int days)
    {
        if (Directory.Exists(outDir) && Directory.GetFiles(outDir, "*.csv").Length == days) return outDir;
        Directory.CreateDirectory(outDir);
        var sources = Directory.EnumerateFiles(input, "??-??-2020.csv").Order().ToList();
        var start = new DateOnly(2021, 1, 1);
        for (var i = 0; i < days; i++)
            File.Copy(sources[i % sources.Count], Path.Combine(outDir, start.AddDays(i).ToString("MM-dd-yyyy", CultureInfo.InvariantCulture) + ".csv"), true);
        return outDir;
    }
}
