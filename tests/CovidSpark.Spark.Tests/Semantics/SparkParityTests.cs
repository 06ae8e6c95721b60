using CovidSpark.Spark.Sql;
using CovidSpark.Spark.Sql.Types;
using CovidSpark.Spark.Tests.Infrastructure;
using static CovidSpark.Spark.Sql.Functions;

namespace CovidSpark.Spark.Tests.Semantics;

/// <summary>
/// Library functions whose DuckDB builtin differs from Spark (issue 12, finding 6), run on the embedded engine and
/// expected to give Spark's answer; the Spark Connect side sends Spark's own function (golden plans in
/// tests/CovidSpark.Connect.Tests). Each row of docs/spark-connect.md's function table names its test here.
/// </summary>
public class SparkParityTests : SparkTest
{
    private DataFrame Text(params string?[] values) =>
        Spark.CreateDataFrame([.. values.Select(v => new object?[] { v })], StructType.FromDdl("s string"));

    [Theory]
    [InlineData(0, 2, "he")]     // Spark reads position 0 as 1 (DuckDB: 'h')
    [InlineData(1, 2, "he")]
    [InlineData(2, 10, "ello")]
    [InlineData(-3, 2, "ll")]    // from the end
    [InlineData(-10, 7, "he")]   // the part before the string is cut off
    [InlineData(-10, 3, "")]
    [InlineData(2, 0, "")]
    [InlineData(2, -1, "")]
    public async Task Substring_follows_sparks_position_rules(int pos, int len, string expected)
    {
        var rows = await Text("hello", null).Select(Substring(Col("s"), pos, len).Alias("r")).CollectAsync();

        Assert.Equal(expected, rows[0]["r"]);
        Assert.Null(rows[1]["r"]);
    }

    [Theory]
    [InlineData("2020", 2020, 1, 1)]                 // Spark: a year is its first day (DuckDB's cast: NULL)
    [InlineData("2020-3", 2020, 3, 1)]
    [InlineData("2020-03-05", 2020, 3, 5)]
    [InlineData(" 2020-03-05 ", 2020, 3, 5)]
    [InlineData("2020-03-05T10:11:12", 2020, 3, 5)]   // a date followed by T or a space and anything
    [InlineData("2020-03-05 10:11", 2020, 3, 5)]
    public async Task To_date_without_a_pattern_reads_what_sparks_cast_reads(string text, int y, int m, int d) =>
        Assert.Equal(new DateOnly(y, m, d), (await Text(text).Select(ToDate(Col("s")).Alias("r")).CollectAsync())[0]["r"]);

    [Theory]
    [InlineData("1/22/20")]
    [InlineData("2020-13-01")]
    [InlineData("20")]
    [InlineData("")]
    public async Task To_date_without_a_pattern_is_null_for_text_spark_cannot_read(string text) =>
        Assert.Null((await Text(text).Select(ToDate(Col("s")).Alias("r")).CollectAsync())[0]["r"]);

    private DataFrame Doubles(params double?[] values) =>
        Spark.CreateDataFrame([.. values.Select(v => new object?[] { v })], StructType.FromDdl("x double"));

    /// <summary>
    /// Spark's <c>Round</c> (RoundBase, HALF_UP) rounds a double as <c>BigDecimal.valueOf(d).setScale(s, HALF_UP)</c>: the
    /// decimal value of its shortest text, ties away from zero, NaN and infinities unchanged. DuckDB's double round
    /// gives 0.28 for the first row (0.285 is 0.28499999999999998 in binary).
    /// </summary>
    [Theory]
    [InlineData(0.285, 2, 0.29)]
    [InlineData(-0.285, 2, -0.29)]
    [InlineData(1.005, 2, 1.01)]
    [InlineData(2.5, 0, 3.0)]
    [InlineData(-2.5, 0, -3.0)]
    [InlineData(0.000285, 5, 0.00029)]
    [InlineData(1.5e-7, 7, 2e-7)]
    [InlineData(4.0 / 3, 2, 1.33)]
    [InlineData(125.0, -1, 130.0)]
    [InlineData(-125.0, -1, -130.0)]
    [InlineData(1234.5678, -2, 1200.0)]
    [InlineData(8.345e15, -13, 8.35e15)]
    [InlineData(1e20, 2, 1e20)]
    [InlineData(-0.001, 2, 0.0)]
    [InlineData(double.NaN, 2, double.NaN)]
    [InlineData(double.PositiveInfinity, 1, double.PositiveInfinity)]
    public async Task Round_is_half_up_on_the_shortest_decimal_text(double x, int scale, double expected)
    {
        var rows = await Doubles(x, null).Select(Round(Col("x"), scale).Alias("r")).CollectAsync();

        Assert.Equal(expected, rows[0]["r"]);
        Assert.Null(rows[1]["r"]);
    }

    [Fact]
    public async Task Round_of_integers_is_half_up_and_keeps_the_type()
    {
        var df = Spark.CreateDataFrame([[25, 7L], [-25, -7L]], StructType.FromDdl("i int, l bigint"));

        var rows = await df.Select(Round(Col("i"), -1).Alias("i"), Round(Col("l"), 2).Alias("l"), Round(Col("l"), -1).Alias("l10")).CollectAsync();

        Assert.Equal([30, 7L, 10L], rows[0].Values);
        Assert.Equal([-30, -7L, -10L], rows[1].Values);
    }
}
