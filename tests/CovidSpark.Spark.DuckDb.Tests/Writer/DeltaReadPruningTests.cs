using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Sql;
using CovidSpark.Spark.Sql.Types;
using CovidSpark.Spark.Tests.Infrastructure;
using static CovidSpark.Spark.Sql.Functions;

namespace CovidSpark.Spark.Tests.Writer;

/// <summary>
/// Delta reads on the embedded engine open only the files a read needs: filters on partition columns prune the
/// snapshot's files by their partition values, and a table's distinct partition values come from the log.
/// </summary>
public class DeltaReadPruningTests : SparkTest
{
    private static readonly DateOnly Mar3 = new(2020, 3, 3);

    private async Task<string> ThreeDaysAsync()
    {
        var table = Temp["daily"];
        var df = Spark.CreateDataFrame(
            new[] { (Mar1, "Italy", 1L), (Mar1, "Spain", 2L), (Mar2, "Italy", 3L), (Mar3, "Chad", 4L) }.Select(r => new object?[] { r.Item1, r.Item2, r.Item3 }),
            StructType.FromDdl("report_date date, country string, confirmed bigint"));
        await df.Write().Format("delta").Mode(SaveMode.Overwrite).PartitionBy("report_date").SaveAsync(table);
        return table;
    }

    private static int FilesRead(string sql) => sql.Split(".parquet'").Length - 1;

    [Fact]
    public async Task A_filter_on_the_partition_column_reads_only_the_matching_files()
    {
        var table = await ThreeDaysAsync();
        var oneDay = Spark.Read().Delta(table).Filter(Col("report_date").IsIn(Mar2));
        Assert.Equal(1, FilesRead(await oneDay.ExplainAsync()));
        Assert.Equal([3L], (await oneDay.CollectAsync()).Select(r => r.GetAs<long>("confirmed")));

        var range = Spark.Read().Delta(table).Filter(Col("report_date").Geq(Lit(Mar2)).And(Col("country").EqualTo("Chad")));
        Assert.Equal(2, FilesRead(await range.ExplainAsync()));
        Assert.Equal([4L], (await range.CollectAsync()).Select(r => r.GetAs<long>("confirmed")));

        var none = Spark.Read().Delta(table).Filter(Col("report_date").EqualTo(Lit(new DateOnly(2021, 1, 1))));
        Assert.Equal(0L, await none.CountAsync());
    }

    [Fact]
    public async Task Filters_pruning_cannot_decide_keep_every_file()
    {
        var table = await ThreeDaysAsync();
        var either = Spark.Read().Delta(table).Filter(Col("report_date").EqualTo(Lit(Mar1)).Or(Col("country").EqualTo("Chad")));
        Assert.Equal(3, FilesRead(await either.ExplainAsync()));
        Assert.Equal([1L, 2L, 4L], (await either.OrderBy("confirmed").CollectAsync()).Select(r => r.GetAs<long>("confirmed")));

        // the same read used filtered and unfiltered needs every file
        var read = Spark.Read().Delta(table);
        var both = read.Filter(Col("report_date").EqualTo(Lit(Mar1))).Union(read);
        Assert.Equal(6L, await both.CountAsync());
    }

    [Fact]
    public async Task Distinct_partition_values_come_from_the_log()
    {
        var table = await ThreeDaysAsync();
        var dates = Spark.Read().Delta(table).Select("report_date").Distinct();
        var sql = await dates.ExplainAsync();
        Assert.DoesNotContain("read_parquet", sql);
        Assert.Equal([Mar1, Mar2, Mar3], (await dates.CollectAsync()).Select(r => r.GetAs<DateOnly>("report_date")).Order());
    }
}
