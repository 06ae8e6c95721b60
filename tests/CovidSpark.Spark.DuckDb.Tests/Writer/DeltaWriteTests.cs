using System.Security.Cryptography;
using CovidSpark.Delta.Actions;
using CovidSpark.Delta.Log;
using CovidSpark.Spark.Errors;
using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Sql;
using CovidSpark.Spark.Sql.Types;
using CovidSpark.Spark.Tests.Infrastructure;
using static CovidSpark.Spark.Sql.Functions;

namespace CovidSpark.Spark.Tests.Writer;

/// <summary>Delta tables on the embedded engine: one commit per write, reads through the snapshot, time travel, stable bytes.</summary>
public class DeltaWriteTests : SparkTest
{
    private static SortedDictionary<string, string> DataFileHashes(string dir) => new(
        Directory.EnumerateFiles(dir, "*.parquet", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(dir, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))), StringComparer.Ordinal);

    [Fact]
    public async Task Dynamic_overwrite_replaces_only_the_written_dates_in_one_commit()
    {
        var table = Temp["daily"];
        await ReplaceDates(Day(Mar1, ("Italy", 1), ("Spain", 2)).Union(Day(Mar2, ("Italy", 3))), table);
        Assert.Equal(1L, await ReplaceDates(Day(Mar2, ("Chad", 9)), table));

        var log = DeltaLog.ForPath(table);
        var s = await log.GetSnapshotAsync();
        Assert.Equal(1, s.Version);
        var commit = await log.ReadCommitAsync(1);
        Assert.Single(commit.OfType<RemoveFile>());
        Assert.Single(commit.OfType<AddFile>());
        Assert.Equal("DYNAMIC", commit.OfType<CommitInfoAction>().Single().Fields["operationParameters"]!["partitionOverwriteMode"]!.ToString());

        var rows = await Spark.Read().Format("delta").Load(table).OrderBy("report_date", "country").CollectAsync();
        Assert.Equal(["Italy", "Spain", "Chad"], rows.Select(r => r.GetAs<string>("country")));
        Assert.Equal(["country", "confirmed", "report_date"], (await Spark.Read().Delta(table).SchemaAsync()).Fields.Select(f => f.Name));
        Assert.IsType<DateOnly>(rows[0].GetAs<object>("report_date"));
    }

    [Fact]
    public async Task Readers_read_the_snapshot_not_the_folders()
    {
        var table = Temp["daily"];
        await ReplaceDates(Day(Mar1, ("Italy", 1)), table);
        await ReplaceDates(Day(Mar1, ("Italy", 2)), table);
        // the replaced file is still on disk (until vacuum) and a killed writer's file too: neither is read
        Directory.CreateDirectory(Path.Combine(table, "report_date=2020-03-09"));
        File.Copy(Directory.GetFiles(Path.Combine(table, "report_date=2020-03-01"))[0], Path.Combine(table, "report_date=2020-03-09", "part-orphan.parquet"));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(table, "report_date=2020-03-01"), "*.parquet").Length);
        var rows = await Spark.Read().Delta(table).CollectAsync();
        Assert.Equal([2L], rows.Select(r => r.GetAs<long>("confirmed")));
    }

    [Fact]
    public async Task Time_travel_by_version()
    {
        var table = Temp["daily"];
        await ReplaceDates(Day(Mar1, ("Italy", 1)), table);
        await ReplaceDates(Day(Mar1, ("Italy", 2)), table);
        var v0 = await Spark.Read().Format("delta").Option("versionAsOf", "0").Load(table).CollectAsync();
        Assert.Equal([1L], v0.Select(r => r.GetAs<long>("confirmed")));
        var e = await Assert.ThrowsAsync<CovidSpark.Delta.Errors.DeltaTimeTravelException>(
            () => Spark.Read().Format("delta").Option("versionAsOf", "5").Load(table).CollectAsync());
        Assert.Contains("latest version is 1", e.Message);
    }

    [Fact]
    public async Task A_rerun_writes_the_same_bytes_under_the_same_names()
    {
        var table = Temp["daily"];
        var df = Day(Mar1, ("Italy", 1), ("Spain", 2)).Union(Day(Mar2, ("Chad", 3)));
        await ReplaceDates(df, table);
        var first = DataFileHashes(table);
        await ReplaceDates(df, table);
        Assert.Equal(first, DataFileHashes(table));
        var s = await DeltaLog.ForPath(table).GetSnapshotAsync();
        Assert.Equal(1, s.Version);
        Assert.Equal(2, s.Files.Count);
        // re-adding an identical file does not also remove it in the same version
        Assert.Empty((await DeltaLog.ForPath(table).ReadCommitAsync(1)).OfType<RemoveFile>());
        Assert.Equal(3L, await Spark.Read().Delta(table).CountAsync());
    }

    [Fact]
    public async Task Unpartitioned_overwrite_and_append()
    {
        var table = Temp["countries"];
        await Continents().Write().Format("delta").Mode(SaveMode.Overwrite).SaveAsync(table);
        await Continents().Write().Format("delta").Mode(SaveMode.Append).SaveAsync(table);
        Assert.Equal(6L, await Spark.Read().Delta(table).CountAsync());
        await Continents().Limit(1).Write().Format("delta").Mode(SaveMode.Overwrite).SaveAsync(table);
        Assert.Equal(1L, await Spark.Read().Delta(table).CountAsync());
        var e = await Assert.ThrowsAsync<AnalysisException>(() => Continents().Write().Format("delta").SaveAsync(table));
        Assert.Contains("already exists (version 2)", e.Message);
    }

    [Fact]
    public async Task An_empty_table_reads_as_typed_empty_rows()
    {
        var table = Temp["empty"];
        await Day(Mar1, ("Italy", 1)).Filter(Lit(false)).Write().Format("delta").Mode(SaveMode.Overwrite).SaveAsync(table);
        var df = Spark.Read().Delta(table);
        Assert.Equal(0L, await df.CountAsync());
        Assert.Equal(["report_date", "country", "confirmed"], (await df.SchemaAsync()).Fields.Select(f => f.Name));
    }

    [Fact]
    public async Task Commit_records_run_tags_and_the_application_transaction()
    {
        var table = Temp["daily"];
        var write = () => Day(Mar1, ("Italy", 1)).Write().Format("delta").Mode(SaveMode.Overwrite)
            .Option("partitionOverwriteMode", "dynamic").PartitionBy("report_date")
            .Option("covidspark.commit.runId", "r-1").Option("covidspark.commit.job", "etl")
            .Option("txnAppId", "etl-daily").Option("txnVersion", "1").SaveAsync(table);
        await write();
        await write();
        var history = await DeltaLog.ForPath(table).HistoryAsync();
        var info = Assert.Single(history).CommitInfo!;
        Assert.Equal("r-1", info.Tag("runId"));
        Assert.Equal("etl", info.Tag("job"));
        Assert.StartsWith("CovidSpark duckdb/", info.EngineInfo);
    }

    [Fact]
    public async Task A_plain_parquet_table_is_not_silently_shadowed()
    {
        var table = Temp["old"];
        await Continents().Write().ParquetAsync(table);
        var e = await Assert.ThrowsAsync<AnalysisException>(() => Continents().Write().Format("delta").Mode(SaveMode.Overwrite).SaveAsync(table));
        Assert.Contains("lake convert", e.Message);
    }
}
