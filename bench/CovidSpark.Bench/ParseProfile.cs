using System.Diagnostics;
using CovidSpark.Jobs.Etl.Raw;

namespace CovidSpark.Bench;

/// <summary>Where the driver-side parse spends its time: CSV records alone, then the full daily-report reader.</summary>
internal static class ParseProfile
{
    public static int Run(BenchArgs a)
    {
        var files = Directory.EnumerateFiles(a.Input, "*.csv").Order().ToList();
        var sw = Stopwatch.StartNew();
        var records = files.Sum(f => CsvRecordReader.Open(f).Records().Count());
        Console.WriteLine($"csv records: {records} in {sw.ElapsedMilliseconds} ms");
        sw.Restart();
        var lookup = LocationLookup.Load(a.Lookup);
        Console.WriteLine($"lookup: {sw.ElapsedMilliseconds} ms");
        sw.Restart();
        var reader = new DailyReportReader(lookup);
        var all = files.SelectMany(f => reader.Read(f).Rows).ToList();
        Console.WriteLine($"daily reports: {all.Count} rows in {sw.ElapsedMilliseconds} ms");
        sw.Restart();
        var staging = Path.Combine(Path.GetTempPath(), "covidspark-parse-profile.csv");
        CovidSpark.Jobs.Etl.StagingWriter.WriteRegions(staging, all);
        Console.WriteLine($"staging csv: {new FileInfo(staging).Length / 1048576.0:F1} MB in {sw.ElapsedMilliseconds} ms");
        File.Delete(staging);
        return 0;
    }
}
