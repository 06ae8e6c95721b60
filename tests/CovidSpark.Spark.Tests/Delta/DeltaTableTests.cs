using System.Text.Json.Nodes;
using CovidSpark.Delta.Log;
using CovidSpark.Spark.Delta;
using CovidSpark.Spark.Errors;
using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Sql;
using CovidSpark.Spark.Sql.Types;
using CovidSpark.Spark.Tests.Infrastructure;
using CovidSpark.Testing;

namespace CovidSpark.Spark.Tests.Delta;

/// <summary>
/// <see cref="DeltaTable"/> on the embedded engine: against tables our engine writes and against golden tables that
/// real Spark wrote (../shared/data/delta-golden): history in Delta's columns, time travel by version and timestamp,
/// vacuum's safety window, restore as a new version equal to the old one.
/// </summary>
public class DeltaTableTests : SparkTest
{
    private static string Golden(string name) => DeltaGolden.Table(name);

    private static async Task<string[]> Sorted(DataFrame df) =>
        [.. (await df.CollectAsync()).Select(r => string.Join("|", r.Values.Select(Row.Format))).Order(StringComparer.Ordinal)];

    /// <summary>Two commits: 03-01 (Italy, Spain), then 03-01 replaced (Italy only) and 03-02 added.</summary>
    private async Task<string> TwoVersions()
    {
        var table = Temp["daily"];
        await ReplaceDates(Day(Mar1, ("Italy", 1), ("Spain", 2)), table);
        await ReplaceDates(Day(Mar1, ("Italy", 3)).Union(Day(Mar2, ("Chad", 9))), table);
        return table;
    }

    [Fact]
    public async Task History_lists_commits_newest_first_in_deltas_columns()
    {
        var table = DeltaTable.ForPath(Spark, await TwoVersions());

        var history = await table.HistoryAsync();
        var rows = await history.CollectAsync();

        Assert.Equal(DeltaTable.HistorySchema.Names, (await history.SchemaAsync()).Names);
        Assert.Equal([1L, 0L], rows.Select(r => r.GetAs<long>("version")));
        Assert.All(rows, r => Assert.Equal("WRITE", r.GetAs<string>("operation")));
        Assert.Equal("DYNAMIC", JsonNode.Parse(rows[0].GetAs<string>("operationParameters")!)!["partitionOverwriteMode"]!.GetValue<string>());
        Assert.Equal("2", JsonNode.Parse(rows[0].GetAs<string>("operationMetrics")!)!["numOutputRows"]!.GetValue<string>());
        Assert.Equal(0L, rows[0].GetAs<long>("readVersion"));
        Assert.StartsWith("CovidSpark duckdb/", rows[0].GetAs<string>("engineInfo"));
        Assert.True(rows[0].GetAs<DateTime>("timestamp") >= rows[1].GetAs<DateTime>("timestamp"));
        Assert.Equal([1L], (await (await table.HistoryAsync(1)).CollectAsync()).Select(r => r.GetAs<long>("version")));
    }

    [Fact]
    public async Task History_of_a_table_spark_wrote_keeps_its_operations_and_string_maps()
    {
        // Spark: create, append, overwrite, RESTORE TO VERSION AS OF 1 (its parameters hold a number and a null)
        var rows = await (await DeltaTable.ForPath(Spark, Golden("basic-with-inserts-overwrite-restore")).HistoryAsync()).CollectAsync();

        Assert.Equal([3L, 2L, 1L, 0L], rows.Select(r => r.GetAs<long>("version")));
        Assert.Equal(["RESTORE", "WRITE", "WRITE", "WRITE"], rows.Select(r => r.GetAs<string>("operation")));
        Assert.Equal("""{"version":"1","timestamp":null}""", rows[0].GetAs<string>("operationParameters"));
        Assert.Equal("""{"mode":"Overwrite","partitionBy":"[]"}""", rows[1].GetAs<string>("operationParameters"));
        Assert.Equal("Serializable", rows[1].GetAs<string>("isolationLevel"));
    }

    [Fact]
    public async Task Time_travel_by_version_reads_each_version_spark_wrote()
    {
        // each commit v of the generator appends ids 10v .. 10v+9
        var table = Golden("time-travel-start-start20-start40");
        for (var v = 0; v < 3; v++)
        {
            var df = Spark.Read().Format("delta").Option("versionAsOf", v.ToString()).Load(table);
            Assert.Equal(10 * (v + 1), await df.CountAsync());
        }
        Assert.Equal(30, await DeltaTable.ForPath(Spark, table).ToDF().CountAsync());
    }

    [Fact]
    public async Task Time_travel_by_timestamp_reads_the_version_current_then()
    {
        var table = DeltaGolden.Copy("time-travel-start-start20-start40", Temp);
        var start = DateTimeOffset.FromUnixTimeMilliseconds(1540415658000L);
        for (var v = 0; v < 3; v++)
            File.SetLastWriteTimeUtc(Path.Combine(table, "_delta_log", $"{v:D20}.json"), start.AddMinutes(20 * v).UtcDateTime);

        long Count(string at) => Spark.Read().Format("delta").Option("timestampAsOf", at).Load(table).CountAsync().GetAwaiter().GetResult();

        Assert.Equal(10, Count(start.ToString("yyyy-MM-dd HH:mm:ss")));
        Assert.Equal(20, Count(start.AddMinutes(25).ToString("yyyy-MM-dd HH:mm:ss")));
        Assert.Equal(30, Count(start.AddMinutes(40).ToString("yyyy-MM-ddTHH:mm:ssZ")));
    }

    [Fact]
    public async Task A_restore_spark_wrote_has_the_snapshot_of_the_version_it_restored()
    {
        var table = Golden("basic-with-inserts-overwrite-restore");
        DataFrame At(int v) => Spark.Read().Format("delta").Option("versionAsOf", v.ToString()).Load(table);
        Assert.Equal(await Sorted(At(1)), await Sorted(At(3)));
        Assert.NotEqual(await Sorted(At(2)), await Sorted(At(3)));
    }

    [Fact]
    public async Task Restore_to_version_makes_a_new_version_whose_snapshot_equals_the_old_one()
    {
        var path = await TwoVersions();
        var table = DeltaTable.ForPath(Spark, path);

        var metrics = (await (await table.RestoreToVersionAsync(0)).CollectAsync()).Single();

        Assert.Equal(2, (await DeltaLog.ForPath(path).GetSnapshotAsync()).Version);
        DataFrame At(int v) => Spark.Read().Format("delta").Option("versionAsOf", v.ToString()).Load(path);
        Assert.Equal(["Italy|1|2020-03-01", "Spain|2|2020-03-01"], await Sorted(At(2).Select("country", "confirmed", "report_date")));
        Assert.Equal(await Sorted(At(0)), await Sorted(table.ToDF()));
        Assert.Equal(DeltaTable.RestoreSchema.Names, metrics.Schema.Names);
        Assert.Equal(1L, metrics.GetAs<long>("num_of_files_after_restore"));
        Assert.Equal(2L, metrics.GetAs<long>("num_removed_files"));
        Assert.Equal(1L, metrics.GetAs<long>("num_restored_files"));
        Assert.Equal(metrics.GetAs<long>("restored_files_size"), metrics.GetAs<long>("table_size_after_restore"));
        var latest = (await (await table.HistoryAsync(1)).CollectAsync()).Single();
        Assert.Equal("RESTORE", latest.GetAs<string>("operation"));
        Assert.Equal("""{"version":"0"}""", latest.GetAs<string>("operationParameters"));
    }

    [Fact]
    public async Task Restore_to_timestamp_restores_the_version_current_at_that_time()
    {
        var path = await TwoVersions();
        var log = Path.Combine(path, "_delta_log");
        var start = new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(Path.Combine(log, $"{0:D20}.json"), start);
        File.SetLastWriteTimeUtc(Path.Combine(log, $"{1:D20}.json"), start.AddHours(1));

        await DeltaTable.ForPath(Spark, path).RestoreToTimestampAsync("2026-01-01 12:30:00");

        Assert.Equal(["Italy|1|2020-03-01", "Spain|2|2020-03-01"],
            await Sorted(Spark.Read().Format("delta").Load(path).Select("country", "confirmed", "report_date")));
        var bad = await Assert.ThrowsAsync<AnalysisException>(() => DeltaTable.ForPath(Spark, path).RestoreToTimestampAsync("yesterday"));
        Assert.Contains("'yesterday'", bad.Message);
    }

    [Fact]
    public async Task Vacuum_refuses_less_than_the_safety_window_and_deletes_nothing()
    {
        var path = await TwoVersions();
        var files = Directory.GetFiles(path, "*.parquet", SearchOption.AllDirectories).Length;
        foreach (var f in Directory.GetFiles(path, "*.parquet", SearchOption.AllDirectories)) File.SetLastWriteTimeUtc(f, DateTime.UtcNow.AddDays(-30));

        var e = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => DeltaTable.ForPath(Spark, path).VacuumAsync(1));

        Assert.Contains("retentionHours 1 is below the safety window of 168 hours", e.Message);
        Assert.Contains("retentionDurationCheckEnabled: false", e.Message);
        Assert.Equal(files, Directory.GetFiles(path, "*.parquet", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public async Task Vacuum_deletes_only_unreferenced_files_older_than_the_window()
    {
        var path = await TwoVersions();
        var snapshot = await DeltaLog.ForPath(path).GetSnapshotAsync();
        var live = snapshot.Files.Select(f => Path.GetFullPath(Path.Combine(path, CovidSpark.Delta.Log.Snapshot.RelativePath(f)))).ToHashSet();
        var replaced = Assert.Single(Directory.GetFiles(path, "*.parquet", SearchOption.AllDirectories), f => !live.Contains(f));
        var orphan = Path.Combine(path, "report_date=2020-03-09", "part-killed-run.parquet"); // a killed run's file, never committed
        Directory.CreateDirectory(Path.GetDirectoryName(orphan)!);
        File.Copy(replaced, orphan);
        foreach (var f in live.Append(replaced)) File.SetLastWriteTimeUtc(f, DateTime.UtcNow.AddDays(-30));
        var before = await Sorted(Spark.Read().Format("delta").Load(path));

        var answer = await (await DeltaTable.ForPath(Spark, path).VacuumAsync()).CollectAsync();

        Assert.Equal([Path.GetFullPath(path)], answer.Select(r => r.GetAs<string>("path")));
        Assert.False(File.Exists(replaced));   // removed by version 1, older than 7 days
        Assert.True(File.Exists(orphan));      // unreferenced but fresh: a running writer may commit it yet
        Assert.All(live, f => Assert.True(File.Exists(f)));

        await DeltaTable.ForPath(Spark, path).VacuumAsync(0, retentionDurationCheckEnabled: false);

        Assert.False(File.Exists(orphan));
        Assert.All(live, f => Assert.True(File.Exists(f)));
        Assert.Equal(before, await Sorted(Spark.Read().Format("delta").Load(path)));
    }

    [Fact]
    public async Task Is_delta_table_tells_a_table_from_a_plain_or_missing_folder()
    {
        var path = await TwoVersions();
        var plain = Temp["plain"];
        await Day(Mar1, ("Italy", 1)).Write().ParquetAsync(plain);

        Assert.True(await DeltaTable.IsDeltaTableAsync(Spark, path));
        Assert.False(await DeltaTable.IsDeltaTableAsync(Spark, plain));
        Assert.False(await DeltaTable.IsDeltaTableAsync(Spark, Temp["missing"]));
        var e = await Assert.ThrowsAsync<AnalysisException>(() => DeltaTable.ForPath(Spark, plain).HistoryAsync());
        Assert.Contains("is not a Delta table", e.Message);
    }
}
