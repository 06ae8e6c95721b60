using CovidSpark.Delta.Actions;
using CovidSpark.Delta.Log;
using CovidSpark.Spark.Errors;
using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Sql;
using CovidSpark.Spark.Tests.Infrastructure;
using static CovidSpark.Spark.Sql.Functions;

namespace CovidSpark.Spark.Tests.Writer;

/// <summary>
/// Delta's <c>replaceWhere</c> writer option on the embedded engine: an overwrite that replaces the partitions its predicate
/// names — also those the new data has no row for — in one commit, and refuses rows outside them.
/// </summary>
public class ReplaceWhereTests : SparkTest
{
    private static readonly DateOnly Mar3 = new(2020, 3, 3);

    private static string Dates(params DateOnly[] dates) => ReplaceWherePredicate.In("report_date", dates.Select(IsoDate.Format)).ToString();

    private static Task<long?> Replace(DataFrame df, string table, string predicate) =>
        df.Write().Format("delta").Mode(SaveMode.Overwrite).Option(DeltaWriterOptions.ReplaceWhere, predicate).PartitionBy("report_date").SaveAsync(table);

    [Fact]
    public async Task Replaces_every_named_partition_even_one_without_new_rows_and_keeps_the_others()
    {
        var table = Temp["q"];
        await ReplaceDates(Day(Mar1, ("Italy", 1)).Union(Day(Mar2, ("Spain", 2))).Union(Day(Mar3, ("Chad", 3))), table);

        // Mar1 gets new rows, Mar2 has none now: both named, both replaced; Mar3 not named, kept
        Assert.Equal(1L, await Replace(Day(Mar1, ("Italy", 10)), table, Dates(Mar1, Mar2)));

        var rows = await Spark.Read().Delta(table).OrderBy("report_date").CollectAsync();
        Assert.Equal([("Italy", 10L), ("Chad", 3L)], rows.Select(r => (r.GetAs<string>("country")!, r.GetAs<long>("confirmed"))));
        var log = DeltaLog.ForPath(table);
        var commit = await log.ReadCommitAsync(1);
        Assert.Equal(2, commit.OfType<RemoveFile>().Count());
        Assert.Single(commit.OfType<AddFile>());
        var parameters = commit.OfType<CommitInfoAction>().Single().Fields["operationParameters"]!;
        Assert.Equal("[\"report_date IN ('2020-03-01', '2020-03-02')\"]", parameters["predicate"]!.GetValue<string>());
        Assert.Null(parameters["partitionOverwriteMode"]);
    }

    [Fact]
    public async Task No_rows_at_all_still_replaces_the_named_partitions_and_creates_a_missing_table()
    {
        var table = Temp["q"];
        await Replace(Day(Mar1, ("Italy", 1)).Filter(Lit(false)), table, Dates(Mar1));
        Assert.Equal(0L, await Spark.Read().Delta(table).CountAsync());
        Assert.Equal(["report_date"], (await DeltaLog.ForPath(table).GetSnapshotAsync()).PartitionColumns);

        await Replace(Day(Mar1, ("Italy", 1)).Union(Day(Mar2, ("Spain", 2))), table, Dates(Mar1, Mar2));
        await Replace(Day(Mar1, ("Italy", 1)).Filter(Lit(false)), table, "report_date = '2020-03-02'");
        Assert.Equal(["Italy"], (await Spark.Read().Delta(table).CollectAsync()).Select(r => r.GetAs<string>("country")));
    }

    [Fact]
    public async Task Rows_outside_the_predicate_and_unsupported_forms_are_refused_before_anything_is_committed()
    {
        var table = Temp["q"];
        await ReplaceDates(Day(Mar1, ("Italy", 1)), table);

        var outside = await Assert.ThrowsAsync<AnalysisException>(() => Replace(Day(Mar2, ("Spain", 2)), table, Dates(Mar1)));
        Assert.Contains("does not match replaceWhere", outside.Message);
        Assert.Contains("2020-03-02", outside.Message);
        var dynamic = await Assert.ThrowsAsync<AnalysisException>(() => Day(Mar1, ("Italy", 2)).Write().Format("delta").Mode(SaveMode.Overwrite)
            .Option("partitionOverwriteMode", "dynamic").Option(DeltaWriterOptions.ReplaceWhere, Dates(Mar1)).PartitionBy("report_date").SaveAsync(table));
        Assert.Contains("cannot both be set", dynamic.Message);
        var append = await Assert.ThrowsAsync<AnalysisException>(() => Day(Mar1, ("Italy", 2)).Write().Format("delta").Mode(SaveMode.Append)
            .Option(DeltaWriterOptions.ReplaceWhere, Dates(Mar1)).PartitionBy("report_date").SaveAsync(table));
        Assert.Contains("needs save mode overwrite", append.Message);
        await Assert.ThrowsAsync<OperationNotSupportedException>(() => Replace(Day(Mar1, ("Italy", 2)), table, "report_date >= '2020-03-01'"));
        await Assert.ThrowsAsync<OperationNotSupportedException>(() => Replace(Day(Mar1, ("Italy", 2)), table, "country IN ('Italy')"));

        Assert.Equal(0, (await DeltaLog.ForPath(table).GetSnapshotAsync()).Version);
    }

    [Fact]
    public void The_predicate_text_reads_back_as_written()
    {
        var p = ReplaceWherePredicate.In("report_date", ["2020-03-01", "2020-03-02", "2020-03-01"]);
        Assert.Equal("report_date IN ('2020-03-01', '2020-03-02')", p.ToString());
        var back = ReplaceWherePredicate.TryParse(p.ToString())!;
        Assert.Equal("report_date", back.Column);
        Assert.Equal(["2020-03-01", "2020-03-02"], back.Values);
        Assert.Equal(["x"], ReplaceWherePredicate.TryParse("`report_date` = 'x'")!.Values);
        Assert.Null(ReplaceWherePredicate.TryParse("report_date IN ('a') OR 1 = 1"));
        Assert.Throws<ArgumentException>(() => ReplaceWherePredicate.In("report_date", ["it's"]));
        Assert.Throws<ArgumentException>(() => ReplaceWherePredicate.In("report_date", []));
    }
}
