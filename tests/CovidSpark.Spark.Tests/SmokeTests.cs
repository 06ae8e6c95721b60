using CovidSpark.Spark.DuckDb;
using CovidSpark.Spark.Sql;
using CovidSpark.Spark.Sql.Types;
using static CovidSpark.Spark.Sql.Functions;

namespace CovidSpark.Spark.Tests;

public class SmokeTests
{
    [Fact]
    public async Task GroupBy_sums_integers_to_bigint_and_divides_by_zero_to_null()
    {
        await using var spark = SparkSession.Builder().UseDuckDb().GetOrCreate();
        var df = spark.CreateDataFrame([["a", 1L], ["a", 2L], ["b", 0L]], StructType.FromDdl("k string, v bigint"));
        var rows = await df.GroupBy("k").Agg(Sum("v").Alias("s"), (Lit(1) / Sum("v")).Alias("inv")).OrderBy("k").CollectAsync();
        Assert.Equal(2, rows.Count);
        Assert.Equal(3L, rows[0]["s"]);
        Assert.IsType<long>(rows[0]["s"]);
        Assert.Null(rows[1]["inv"]);
    }
}
