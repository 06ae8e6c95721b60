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
}
