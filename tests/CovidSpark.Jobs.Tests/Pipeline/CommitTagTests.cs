using CovidSpark.Delta.Actions;
using CovidSpark.Delta.Log;
using CovidSpark.Jobs.Pipeline;
using CovidSpark.Jobs.Tests.Infrastructure;
using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Sql;
using CovidSpark.Spark.Sql.Types;

namespace CovidSpark.Jobs.Tests.Pipeline;

/// <summary>Every commit a job makes names its run, job and report dates, and carries the job's idempotent transaction.</summary>
public sealed class CommitTagTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Every_table_write_of_a_run_records_run_job_dates_metrics_and_txn()
    {
        var lake = _dir.Combine("lake");
        var outcome = await Lake.RunAsync(Lake.Options(TestData.SampleReports, lake, "2020-11-01", "2020-11-03"));
        Assert.True(outcome.Manifest.ExitCode == ExitCodes.Success, outcome.Manifest.Error);
        var runId = outcome.Manifest.RunId;

        var tables = Directory.EnumerateDirectories(lake, "_delta_log", SearchOption.AllDirectories).Select(Path.GetDirectoryName).ToList();
        Assert.True(tables.Count >= 10, $"only {tables.Count} tables");
        foreach (var table in tables)
        {
            var name = Path.GetRelativePath(lake, table!);
            var latest = (await DeltaLog.ForPath(table!).HistoryAsync(1))[0];
            var info = latest.CommitInfo!;
            Assert.True(runId == info.Tag("runId"), $"{name}: runId {info.Tag("runId")}");
            var job = name.StartsWith("trusted", StringComparison.Ordinal) || name.StartsWith("quarantine", StringComparison.Ordinal) ? "etl"
                : name is "refined/clusters" or "refined/cluster_summary" ? "cluster" : "stats";
            Assert.True(job == info.Tag("job"), $"{name}: job {info.Tag("job")}");
            Assert.Equal(job == "cluster" ? "2020-11-03" : "2020-11-01..2020-11-03", info.Tag("reportDates"));
            Assert.Equal("WRITE", info.Operation);
            Assert.StartsWith("CovidSpark duckdb/", info.EngineInfo);
            Assert.Contains("numOutputRows", info.OperationMetrics.Keys);
            Assert.Contains("numFiles", info.OperationMetrics.Keys);
            var txn = Assert.Single(latest.Actions.OfType<TxnAction>());
            Assert.Equal($"covidspark-{job}-{runId}", txn.AppId);
            Assert.True(txn.Version >= 1);
        }
    }

    [Fact]
    public async Task A_retried_step_of_the_same_run_does_not_apply_its_commits_twice()
    {
        var lake = new LakeLayout(_dir.Combine("lake"));
        var table = lake.Refined("retried");
        await using var spark = Lake.NewSession();
        DataFrame Rows(long n) => spark.CreateDataFrame([[new DateOnly(2020, 11, 1), n]], StructType.FromDdl("report_date date, n bigint"));
        Task<long?> Write(LakeLayout l, long n) => LakeTable.Write(Rows(n), l).Mode(SaveMode.Append).PartitionBy("report_date").SaveAsync(table);

        // The step's first attempt commits; its retry (a new job object of the same run writes the same tables in the same
        // order) skips that commit: an append does not add the rows a second time.
        await Write(lake.ForJob("run-1", "stats", [new DateOnly(2020, 11, 1)]), 1);
        await Write(lake.ForJob("run-1", "stats", [new DateOnly(2020, 11, 1)]), 1);
        Assert.Equal(1L, await LakeTable.Read(spark, table).CountAsync());
        Assert.Equal(0, (await DeltaLog.ForPath(table).GetSnapshotAsync()).Version);

        // Another run (or the same run's next write) commits.
        await Write(lake.ForJob("run-2", "stats", [new DateOnly(2020, 11, 1)]), 2);
        Assert.Equal(2L, await LakeTable.Read(spark, table).CountAsync());
    }
}
