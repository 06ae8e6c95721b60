using CovidSpark.Spark.DuckDb;
using System.Security.Cryptography;
using CovidSpark.Jobs.Cluster;
using CovidSpark.Jobs.Pipeline;
using CovidSpark.Spark.Sql;
using Microsoft.Extensions.Logging.Abstractions;
using static CovidSpark.Spark.Sql.Functions;

namespace CovidSpark.Jobs.Tests.Infrastructure;

/// <summary>Runs the pipeline in-process and reads a lake's tables back through the engine.</summary>
internal static class Lake
{
    public static SparkSession NewSession() => SparkSession.Builder().AppName("jobs-tests").UseDuckDb().GetOrCreate();

    public static PipelineOptions Options(string input, string lake, string? from = null, string? to = null,
        PipelineJobs jobs = PipelineJobs.All, string? indicators = null, bool report = false) =>
        new(input, indicators ?? TestData.SampleIndicators, TestData.SampleLookup, lake,
            from is null ? null : DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
            to is null ? null : DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture),
            jobs, new KMeansOptions(), WriteReport: report);

    public static async Task<PipelineOutcome> RunAsync(PipelineOptions options)
    {
        await using var spark = NewSession();
        return await new PipelineRunner(spark, TimeProvider.System, NullLoggerFactory.Instance).RunAsync(options, null, CancellationToken.None);
    }

    /// <summary>Every row of a Delta table (e.g. <c>trusted/daily_country</c>) at its latest version, optionally filtered.</summary>
    public static async Task<IReadOnlyList<Row>> ReadAsync(string lake, string table, Func<DataFrame, DataFrame>? query = null)
    {
        await using var spark = NewSession();
        var df = spark.Read().Format("delta").Load(Path.Combine(lake, table));
        return await (query?.Invoke(df) ?? df).CollectAsync();
    }

    public static Task<IReadOnlyList<Row>> ForDateAsync(string lake, string table, string date) =>
        ReadAsync(lake, table, df => df.Filter(Col("report_date").EqualTo(Lit(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)))));

    /// <summary>
    /// SHA-256 of every data file of the Delta tables under a folder (each table's latest snapshot), keyed by its folder
    /// relative to the folder and its place in it (<c>daily_country/report_date=2020-11-01/data-0</c>: data files are named
    /// by their content, so a changed partition would otherwise change keys); files outside any table are included by
    /// path. Logs (commit times, ids) and files a commit replaced are not table content and are left out.
    /// </summary>
    public static SortedDictionary<string, string> Hashes(string folder)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var tables = Directory.EnumerateDirectories(folder, "_delta_log", SearchOption.AllDirectories).Select(Path.GetDirectoryName).ToList();
        foreach (var table in tables)
        {
            var files = CovidSpark.Delta.Log.DeltaLog.ForPath(table!).GetSnapshotAsync().GetAwaiter().GetResult().Files
                .Select(f => Path.Combine(table!, CovidSpark.Delta.Log.Snapshot.RelativePath(f)));
            foreach (var partition in files.GroupBy(f => Path.GetRelativePath(folder, Path.GetDirectoryName(f)!)))
                foreach (var (file, i) in partition.Order(StringComparer.Ordinal).Select((f, i) => (f, i)))
                    result[Path.Combine(partition.Key, $"data-{i}")] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
        }
        foreach (var f in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            if (!tables.Any(t => f.StartsWith(t + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
                result[Path.GetRelativePath(folder, f)] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)));
        return result;
    }

    public static DateOnly Day(string monthDay) => DateOnly.Parse($"2020-{monthDay}", System.Globalization.CultureInfo.InvariantCulture);
}
