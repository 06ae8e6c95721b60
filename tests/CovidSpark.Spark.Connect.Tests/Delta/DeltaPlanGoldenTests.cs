using CovidSpark.Connect.Tests.Fakes;
using CovidSpark.Spark.Connect;
using CovidSpark.Spark.Connect.Compiler;
using CovidSpark.Spark.Connect.Recording;
using CovidSpark.Spark.DuckDb;
using CovidSpark.Spark.Engines;
using CovidSpark.Spark.Sql;

namespace CovidSpark.Connect.Tests.Delta;

/// <summary>
/// The Spark Connect plans of every <c>DeltaTable</c> operation and of time-travel reads, as golden protobuf JSON
/// (<c>Snapshots/delta_table_commands/spark-connect/plan.json</c>). <see cref="SparkSqlGrammarTests"/> reads its SQL texts
/// from there: a path with a space, a quote and a backtick shows the identifier quoting Spark's grammar must accept.
/// </summary>
public sealed class DeltaPlanGoldenTests
{
    /// <summary>A path that needs every quoting rule: a space, a single quote, a backtick.</summary>
    internal const string AwkwardPath = "/lake/refined/it's a `top` table";

    [Fact]
    public async Task Delta_commands_and_time_travel_reads_compile_to_deltas_sql_and_read_options()
    {
        await using var spark = SparkSession.Builder().UseDuckDb().GetOrCreate(); // builds DataFrames only; nothing runs
        var ids = new PlanIdGenerator();
        var sequence = 0;
        RecordedPlan Query(CovidSpark.Spark.Connect.Proto.Plan plan) => SparkConnectPlans.Record(++sequence, PlanKind.Query, plan);
        RecordedPlan Read(DataFrame df) => SparkConnectPlans.CompileQuery(df.Plan, ids).Select(p => Query(CovidSpark.Spark.Connect.Proto.Plan.Parser.ParseFrom(p.Plan.Span))).Single();

        var plans = new List<RecordedPlan>
        {
            Query(DeltaCommandPlans.History(AwkwardPath, null, ids)),
            Query(DeltaCommandPlans.History(AwkwardPath, 5, ids)),
            Query(DeltaCommandPlans.Detail(AwkwardPath, ids)),
            Query(DeltaCommandPlans.Command(DeltaCommandPlans.VacuumSql(AwkwardPath, null), ids)),
            Query(DeltaCommandPlans.Command(DeltaCommandPlans.VacuumSql(AwkwardPath, 168), ids)),
            Query(DeltaCommandPlans.Command(DeltaCommandPlans.VacuumSql(AwkwardPath, 0.5), ids)),
            Query(DeltaCommandPlans.Command(DeltaCommandPlans.RestoreSql(AwkwardPath, DeltaRestoreTarget.ToVersion(3)), ids)),
            Query(DeltaCommandPlans.Command(DeltaCommandPlans.RestoreSql(AwkwardPath, DeltaRestoreTarget.ToTimestamp("2026-12-06 12:00:00")), ids)),
            Read(spark.Read().Format("delta").Option("versionAsOf", 3).Load(AwkwardPath)),
            Read(spark.Read().Format("delta").Option("timestampAsOf", "2026-12-06 12:00:00").Load(AwkwardPath)),
        };
        var json = SparkConnectPlans.ToText(plans);

        Snapshot.Match("delta_table_commands", "spark-connect/plan.json", json);
        var t = "delta.`/lake/refined/it's a ``top`` table`";
        foreach (var sql in new[]
                 {
                     $"DESCRIBE HISTORY {t}", $"DESCRIBE HISTORY {t} LIMIT 5", $"DESCRIBE DETAIL {t}", $"VACUUM {t}", $"VACUUM {t} RETAIN 168 HOURS",
                     $"VACUUM {t} RETAIN 0.5 HOURS", $"RESTORE TABLE {t} TO VERSION AS OF 3", $"RESTORE TABLE {t} TO TIMESTAMP AS OF '2026-12-06 12:00:00'",
                 })
            Assert.Contains($"\"query\": \"{sql}\"", json);
        Assert.Contains("\"versionAsOf\": \"3\"", json);
        foreach (var plan in plans.Select(p => CovidSpark.Spark.Connect.Proto.Plan.Parser.ParseFrom(p.Plan.Span)))
        {
            foreach (var relation in ProtoWalk.All<CovidSpark.Spark.Connect.Proto.Relation>(plan))
                Assert.True(ProtoWalk.Case(relation) is { } k && Spark35Protocol.RelationKinds.GetValueOrDefault(k.Name) == k.FieldNumber, $"relation kind not Spark 3.5's: {relation}");
            foreach (var expression in ProtoWalk.All<CovidSpark.Spark.Connect.Proto.Expression>(plan))
                Assert.True(ProtoWalk.Case(expression) is { } k && Spark35Protocol.ExpressionKinds.GetValueOrDefault(k.Name) == k.FieldNumber, $"expression kind not Spark 3.5's: {expression}");
        }
        Assert.Contains("\"timestampAsOf\": \"2026-12-06 12:00:00\"", json);
    }

    [Fact]
    public void A_timestamp_with_quotes_is_one_spark_string_literal()
    {
        Assert.Equal(@"RESTORE TABLE delta.`/t` TO TIMESTAMP AS OF '2026-12-06 12:00:00\' OR \\'",
            DeltaCommandPlans.RestoreSql("/t", DeltaRestoreTarget.ToTimestamp(@"2026-12-06 12:00:00' OR \")));
    }
}
