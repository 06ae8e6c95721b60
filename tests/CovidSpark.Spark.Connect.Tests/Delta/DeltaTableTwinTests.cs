using CovidSpark.Connect.Tests.Fakes;
using CovidSpark.Spark.Connect.Proto;
using CovidSpark.Spark.Delta;
using CovidSpark.Spark.DuckDb;
using SaveMode = CovidSpark.Spark.Plan.SaveMode;
using CovidSpark.Spark.Sql;
using CovidSpark.Spark.Sql.Types;
using CovidSpark.Testing;

namespace CovidSpark.Connect.Tests.Delta;

/// <summary>
/// The same C# job code with <see cref="DeltaTable"/> and time travel, run on the embedded engine against a Delta table our
/// engine wrote, and over Spark Connect against the fake server playing Spark with Delta (<see cref="FakeDeltaCluster"/>)
/// on a table written the same way: both give the same answers, and what goes over the wire is Delta's SQL and Spark's
/// read options.
/// </summary>
public sealed class DeltaTableTwinTests : ConnectTestBase, IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>What the job saw, in values both engines give alike (no wall-clock times).</summary>
    internal sealed record Outcome(
        bool IsDelta, bool PlainIsDelta, string[] History, string[] Version0, string[] Restore, string[] AfterRestore, string[] AfterVacuum, string LastCommit);

    /// <summary>The job: inspect the history, read version 0, restore it, vacuum everything unused, read again.</summary>
    internal static async Task<Outcome> Job(SparkSession spark, string path, string plainPath)
    {
        static async Task<string[]> Rows(DataFrame df) =>
            [.. (await df.CollectAsync()).Select(r => string.Join("|", r.Values.Select(Row.Format))).Order(StringComparer.Ordinal)];

        var table = DeltaTable.ForPath(spark, path);
        var history = await (await table.HistoryAsync(2)).Select("version", "operation", "operationParameters", "readVersion").CollectAsync();
        var version0 = await Rows(spark.Read().Format("delta").Option("versionAsOf", 0).Load(path));
        var restore = await Rows(await table.RestoreToVersionAsync(0));
        var afterRestore = await Rows(table.ToDF());
        await table.VacuumAsync(0, retentionDurationCheckEnabled: false);
        var afterVacuum = await Rows(spark.Read().Format("delta").Load(path));
        var last = (await (await table.HistoryAsync(1)).CollectAsync()).Single();
        return new Outcome(
            await DeltaTable.IsDeltaTableAsync(spark, path), await DeltaTable.IsDeltaTableAsync(spark, plainPath),
            [.. history.Select(r => string.Join("|", r.Values.Select(Row.Format)))], version0, restore, afterRestore, afterVacuum,
            $"{last.GetAs<long>("version")} {last.GetAs<string>("operation")} {last.GetAs<string>("operationParameters")}");
    }

    /// <summary>A table of two versions (03-01 written, then 03-01 replaced and 03-02 added) and a plain Parquet folder.</summary>
    private static async Task<(string Table, string Plain)> WriteTablesAsync(SparkSession spark, string root)
    {
        var schema = StructType.FromDdl("report_date date, country string, confirmed bigint");
        DataFrame Day(int day, params (string Country, long Confirmed)[] rows) =>
            spark.CreateDataFrame(rows.Select(r => new object?[] { new DateOnly(2020, 3, day), r.Country, r.Confirmed }), schema);
        Task Replace(DataFrame df) => df.Write().Format("delta").Mode(SaveMode.Overwrite).Option("partitionOverwriteMode", "dynamic")
            .PartitionBy("report_date").SaveAsync(Path.Combine(root, "daily"));
        await Replace(Day(1, ("Italy", 1), ("Spain", 2)));
        await Replace(Day(1, ("Italy", 3)).Union(Day(2, ("Chad", 9))));
        await Day(1, ("Italy", 1)).Write().ParquetAsync(Path.Combine(root, "plain"));
        return (Path.Combine(root, "daily"), Path.Combine(root, "plain"));
    }

    [Fact]
    public async Task The_same_job_gives_the_same_answers_on_both_engines()
    {
        await using var embedded = SparkSession.Builder().UseDuckDb().GetOrCreate();
        var (table, plain) = await WriteTablesAsync(embedded, _temp.Folder("embedded"));
        var onDuckDb = await Job(embedded, table, plain);

        await using var cluster = new FakeDeltaCluster(Server);
        var (remoteTable, remotePlain) = await WriteTablesAsync(cluster.Storage, _temp.Folder("cluster"));
        await using var spark = Session();
        var onSpark = await Job(spark, remoteTable, remotePlain);

        // what the job saw, checked once against the tables' content, then engine against engine
        Assert.True(onDuckDb.IsDelta);
        Assert.False(onDuckDb.PlainIsDelta);
        Assert.Equal(["1|WRITE", "0|WRITE"], onDuckDb.History.Select(h => string.Join("|", h.Split('|')[..2])));
        Assert.All(onDuckDb.History, h => Assert.Contains("\"partitionOverwriteMode\":\"DYNAMIC\"", h));
        Assert.EndsWith("|0", onDuckDb.History[0]);    // version 1 read version 0
        Assert.EndsWith("|null", onDuckDb.History[1]); // version 0 read nothing
        Assert.Equal(["2020-03-01|Italy|1", "2020-03-01|Spain|2"], onDuckDb.Version0.Select(Reorder));
        Assert.Equal(onDuckDb.Version0, onDuckDb.AfterRestore);
        Assert.Equal(onDuckDb.Version0, onDuckDb.AfterVacuum);
        Assert.Equal("2 RESTORE {\"version\":\"0\"}", onDuckDb.LastCommit);
        Assert.Equal(onDuckDb with { History = [], Version0 = [], Restore = [], AfterRestore = [], AfterVacuum = [] },
            onSpark with { History = [], Version0 = [], Restore = [], AfterRestore = [], AfterVacuum = [] });
        Assert.Equal(onDuckDb.History, onSpark.History);
        Assert.Equal(onDuckDb.Version0, onSpark.Version0);
        Assert.Equal(onDuckDb.Restore, onSpark.Restore);
        Assert.Equal(onDuckDb.AfterRestore, onSpark.AfterRestore);
        Assert.Equal(onDuckDb.AfterVacuum, onSpark.AfterVacuum);
    }

    /// <summary>"country|confirmed|report_date" (the Delta read's column order) as "report_date|country|confirmed".</summary>
    private static string Reorder(string row)
    {
        var p = row.Split('|');
        return $"{p[2]}|{p[0]}|{p[1]}";
    }

    [Fact]
    public async Task Over_spark_connect_the_job_sends_deltas_sql_and_the_read_options()
    {
        await using var cluster = new FakeDeltaCluster(Server);
        var (table, plain) = await WriteTablesAsync(cluster.Storage, _temp.Folder("cluster"));
        await using var spark = Session();

        await Job(spark, table, plain);

        var t = DeltaCommandText(table);
        Assert.Equal(
        [
            $"DESCRIBE HISTORY {t} LIMIT 2", $"RESTORE TABLE {t} TO VERSION AS OF 0", $"VACUUM {t} RETAIN 0 HOURS",
            $"DESCRIBE HISTORY {t} LIMIT 1", $"DESCRIBE DETAIL {t}", $"DESCRIBE DETAIL {DeltaCommandText(plain)}",
        ], cluster.Commands);
        // Spark's own retention check is off for the forced vacuum only, and on again after it
        Assert.Equal(["false", "true"], Server.SessionConfig.Where(c => c.Key == DeltaTable.RetentionDurationCheckSetting).Select(c => c.Value));
        var reads = Server.Requests<ExecutePlanRequest>().Select(e => e.Plan.Root?.Read?.DataSource).OfType<Read.Types.DataSource>().ToList();
        Assert.Equal(["0", null, null], reads.Select(r => r.Options.TryGetValue("versionAsOf", out var v) ? v : null));
        Assert.All(reads, r => Assert.Equal("delta", r.Format));
        // the history's map and struct columns come back as JSON text, through to_json on the server
        var history = Server.Requests<ExecutePlanRequest>().First(e => e.Plan.Root?.Project is not null).Plan.Root.Project;
        Assert.Equal(["operationParameters", "job", "notebook", "operationMetrics"],
            history.Expressions.Where(e => e.Alias is not null).Select(e => Assert.Single(e.Alias.Name)));
        Assert.All(history.Expressions.Where(e => e.Alias is not null), e => Assert.Equal("to_json", e.Alias.Expr.UnresolvedFunction.FunctionName));
    }

    [Fact]
    public async Task Time_travel_by_timestamp_travels_in_the_read_options()
    {
        await using var cluster = new FakeDeltaCluster(Server);
        var (table, _) = await WriteTablesAsync(cluster.Storage, _temp.Folder("cluster"));
        var log = Path.Combine(table, "_delta_log");
        File.SetLastWriteTimeUtc(Path.Combine(log, $"{0:D20}.json"), new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc));
        File.SetLastWriteTimeUtc(Path.Combine(log, $"{1:D20}.json"), new DateTime(2026, 1, 1, 13, 0, 0, DateTimeKind.Utc));
        await using var spark = Session();

        var rows = await spark.Read().Format("delta").Option("timestampAsOf", "2026-01-01 12:30:00").Load(table).CollectAsync();

        Assert.Equal(["Italy", "Spain"], rows.Select(r => r.GetAs<string>("country")).Order());
        var read = Server.Requests<ExecutePlanRequest>().Select(e => e.Plan.Root?.Read?.DataSource).OfType<Read.Types.DataSource>().Single();
        Assert.Equal("2026-01-01 12:30:00", read.Options["timestampAsOf"]);
        await DeltaTable.ForPath(spark, table).RestoreToTimestampAsync("2026-01-01 12:30:00");
        Assert.Equal($"RESTORE TABLE {DeltaCommandText(table)} TO TIMESTAMP AS OF '2026-01-01 12:30:00'", cluster.Commands.Single());
    }

    [Fact]
    public async Task A_vacuum_below_the_window_is_refused_before_anything_is_sent()
    {
        await using var cluster = new FakeDeltaCluster(Server);
        await using var spark = Session();

        var e = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => DeltaTable.ForPath(spark, "/lake/t").VacuumAsync(24));

        Assert.Contains("below the safety window of 168 hours", e.Message);
        Assert.Empty(cluster.Commands);
        Assert.DoesNotContain(Server.SessionConfig, c => c.Key == DeltaTable.RetentionDurationCheckSetting);
    }

    [Fact]
    public void Read_options_have_the_field_number_of_sparks_protocol()
    {
        // spark/connect/relations.proto: Read.DataSource { format = 1; schema = 2; map<string,string> options = 3; paths = 4; predicates = 5 }
        Assert.Equal(1, Read.Types.DataSource.FormatFieldNumber);
        Assert.Equal(2, Read.Types.DataSource.SchemaFieldNumber);
        Assert.Equal(3, Read.Types.DataSource.OptionsFieldNumber);
        Assert.Equal(4, Read.Types.DataSource.PathsFieldNumber);
        Assert.Equal(2, Relation.ReadFieldNumber);
        Assert.Equal(10, Relation.SqlFieldNumber);
    }

    private static string DeltaCommandText(string path) => "delta.`" + path.Replace("`", "``") + "`";
}
