using CovidSpark.Spark.DuckDb;
using CovidSpark.Spark.Sql;
using CovidSpark.Spark.Tests.Infrastructure;
using static CovidSpark.Spark.Sql.Functions;

namespace CovidSpark.Spark.Tests.Semantics;

/// <summary>
/// Which plans the embedded engine runs on one thread so floating-point aggregates come out with the same bits every run,
/// and that the thread setting is back afterwards.
/// </summary>
public class DeterminismTests : SparkTest
{
    [Fact]
    public void Averages_deviations_correlations_and_sql_text_are_order_sensitive()
    {
        Assert.True(DuckDbEngine.IsOrderSensitive(Reports().GroupBy("country").Agg(Avg("hdi")).Plan));
        Assert.True(DuckDbEngine.IsOrderSensitive(Reports().GroupBy("country").Agg(StddevSamp(Col("hdi")).Alias("sd")).Plan));
        Assert.True(DuckDbEngine.IsOrderSensitive(Reports().GroupBy("country").Agg(Corr("hdi", "confirmed")).Filter(Col("country").IsNotNull()).Plan));
        // An aggregate below a join or a sort still decides the result.
        Assert.True(DuckDbEngine.IsOrderSensitive(Reports().Join(Reports().GroupBy("country").Agg((Sum("hdi") * 2).Alias("s")), "country").OrderBy("country").Plan));
        Reports().CreateOrReplaceTempView("r");
        Assert.True(DuckDbEngine.IsOrderSensitive(Spark.Sql("SELECT country FROM r").Plan));
    }

    [Fact]
    public void Reads_filters_sorts_counts_and_extremes_keep_every_thread()
    {
        Assert.False(DuckDbEngine.IsOrderSensitive(Reports().Filter(Col("confirmed").Gt(0)).OrderBy("country").Plan));
        Assert.False(DuckDbEngine.IsOrderSensitive(Reports().GroupBy("country").Agg(Count("*").Alias("n"), Max("hdi").Alias("m"), Min("confirmed").Alias("x")).Plan));
        Assert.False(DuckDbEngine.IsOrderSensitive(Reports().WithColumn("prev", Lag(Col("confirmed")).Over(Window.PartitionBy("country").OrderBy("report_date"))).Plan));
    }

    [Fact]
    public async Task An_order_sensitive_write_and_query_leave_the_thread_setting_as_it_was()
    {
        await using var spark = SparkSession.Builder()
            .Engine(l => new DuckDbEngine(new DuckDbOptions(Threads: 3), l)).GetOrCreate();
        var engine = (DuckDbEngine)spark.Engine;
        DataFrame Averages() => spark.CreateDataFrame([["a", 1.0], ["a", 2.0], ["b", 4.0]], Sql.Types.StructType.FromDdl("k string, v double"))
            .GroupBy("k").Agg(Avg("v").Alias("v")).OrderBy("k");

        await Averages().Write().ParquetAsync(Temp["avg"]);
        Assert.Equal(3, engine.Threads());
        var rows = await Averages().CollectAsync();

        Assert.Equal([1.5, 4.0], rows.Select(r => r.GetAs<double>("v")));
        Assert.Equal(3, engine.Threads());
    }
    [Fact]
    public async Task With_deterministic_aggregates_off_an_aggregate_keeps_every_thread()
    {
        await using var spark = SparkSession.Builder()
            .Engine(l => new DuckDbEngine(new DuckDbOptions(Threads: 3, DeterministicAggregates: false), l)).GetOrCreate();
        var engine = (DuckDbEngine)spark.Engine;
        var df = spark.CreateDataFrame([["a", 1.0], ["a", 2.0]], Sql.Types.StructType.FromDdl("k string, v double")).GroupBy("k").Agg(Avg("v").Alias("v"));
        // A query that reads the thread count while it runs: on one thread it would say 1.
        df.CreateOrReplaceTempView("averages");
        var threads = (await spark.Sql("SELECT CAST(current_setting('threads') AS BIGINT) AS t FROM averages").CollectAsync()).Single().GetAs<long>("t");

        Assert.Equal(3, threads);
        Assert.Equal(3, engine.Threads());
    }

    [Fact]
    public async Task By_default_an_order_sensitive_query_runs_on_one_thread()
    {
        await using var spark = SparkSession.Builder().Engine(l => new DuckDbEngine(new DuckDbOptions(Threads: 3), l)).GetOrCreate();
        var threads = (await spark.Sql("SELECT CAST(current_setting('threads') AS BIGINT) AS t").CollectAsync()).Single().GetAs<long>("t");
        Assert.Equal(1, threads);
        Assert.Equal(3, ((DuckDbEngine)spark.Engine).Threads());
    }
}
