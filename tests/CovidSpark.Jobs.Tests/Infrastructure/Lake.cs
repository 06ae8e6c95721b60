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

    /// <summary>Every row of a table (e.g. <c>trusted/daily_country</c>), optionally filtered.</summary>
    public static async Task<IReadOnlyList<Row>> ReadAsync(string lake, string table, Func<DataFrame, DataFrame>? query = null)
    {
        await using var spark = NewSession();
        var df = spark.Read().Parquet(Path.Combine(lake, table));
        return await (query?.Invoke(df) ?? df).CollectAsync();
    }

    public static Task<IReadOnlyList<Row>> ForDateAsync(string lake, string table, string date) =>
        ReadAsync(lake, table, df => df.Filter(Col("report_date").EqualTo(Lit(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)))));

    /// <summary>SHA-256 of every file under a folder, keyed by relative path.</summary>
    public static SortedDictionary<string, string> Hashes(string folder)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            result[Path.GetRelativePath(folder, f)] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)));
        return result;
    }

    public static DateOnly Day(string monthDay) => DateOnly.Parse($"2020-{monthDay}", System.Globalization.CultureInfo.InvariantCulture);
}
