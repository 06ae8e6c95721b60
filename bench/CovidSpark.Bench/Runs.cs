using CovidSpark.Jobs.Cluster;
using CovidSpark.Jobs.Pipeline;
using CovidSpark.Spark.DuckDb;
using CovidSpark.Spark.Sql;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging.Abstractions;

namespace CovidSpark.Bench;

/// <summary>The measured workloads.</summary>
internal static class Runs
{
    public static async Task<string> PipelineAsync(BenchArgs a)
    {
        DateOnly? D(string n) => a.Get(n) is { } s ? DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : null;
        var jobs = a.Jobs.Split(',').Aggregate(PipelineJobs.None, (acc, j) => acc | Enum.Parse<PipelineJobs>(j, ignoreCase: true));
        await using var spark = SparkSession.Builder().Engine(l => new DuckDbEngine(new DuckDbOptions(), l)).GetOrCreate();
        var outcome = await new PipelineRunner(spark, TimeProvider.System, NullLoggerFactory.Instance).RunAsync(
            new PipelineOptions(a.Input, a.Indicators, a.Lookup, a.Lake, D("from"), D("to"), jobs, new KMeansOptions(), WriteReport: false),
            null, CancellationToken.None);
        if (outcome.Manifest.ExitCode == ExitCodes.Failure) throw new InvalidOperationException(outcome.Manifest.Error);
        return $"rows_in={outcome.Manifest.Jobs.Sum(j => j.RowsIn)}";
    }

    public static Task<string> BaselineAsync(BenchArgs a)
    {
        static string Q(string s) => "'" + s.Replace("'", "''") + "'";
        var files = Directory.EnumerateFiles(a.Input, "*.csv").Order().ToList();
        var script = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "BaselineEtl.sql"))
            .Replace("{reports}", "[" + string.Join(", ", files.Select(Q)) + "]")
            .Replace("{lookup}", Q(a.Lookup)).Replace("{indicators}", Q(a.Indicators)).Replace("{out}", a.Lake.Replace("'", "''"));
        if (Directory.Exists(a.Lake)) Directory.Delete(a.Lake, true);
        Directory.CreateDirectory(a.Lake);
        using var con = new DuckDBConnection("DataSource=:memory:");
        con.Open();
        using var cmd = con.CreateCommand();
        cmd.CommandText = script;
        cmd.ExecuteNonQuery();
        return Task.FromResult($"files={files.Count}");
    }
}
