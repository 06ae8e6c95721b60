using CovidSpark.Spark.Sql;
using CovidSpark.Spark.Sql.Types;
using CovidSpark.Spark.Tests.Infrastructure;
using static CovidSpark.Spark.Sql.Functions;

namespace CovidSpark.Spark.Tests.Semantics;

/// <summary>Function and operator results on real DuckDB, with Spark's (non-ANSI) null and edge-case semantics.</summary>
public class FunctionSemanticsTests : SparkTest
{
    /// <summary>Two rows: (x=4.0, y=-1.0, n=7, s='a_b') and all NULLs.</summary>
    private DataFrame Data() => Spark.CreateDataFrame(
        [[4.0, -1.0, 7L, "a_b"], [null, null, null, null]],
        StructType.FromDdl("x double, y double, n bigint, s string"));

    private async Task<object?[]> Eval(Column expr)
    {
        var rows = await Data().Select(expr.Alias("r")).CollectAsync();
        return [.. rows.Select(r => r["r"])];
    }

    [Fact]
    public async Task Comparisons_with_null_are_null_but_null_safe_equality_is_not()
    {
        Assert.Equal([true, null], await Eval(Col("x").EqualTo(4)));
        Assert.Equal([false, true], await Eval(Col("x").EqNullSafe(Lit(null))));
        Assert.Equal([null, false], await Eval(Col("x").Plus(Col("y")).IsNull().EqualTo(false).And(Col("s").NotEqual(Lit(null)))));
    }

    [Fact]
    public async Task Three_valued_logic_for_and_or()
    {
        Assert.Equal([false, null], await Eval(Col("x").Gt(10).And(Col("n").Gt(0)).Or(Lit(false))));
        Assert.Equal([false, false], await Eval(Col("x").Gt(10).And(Col("n").IsNotNull())));
        Assert.Equal([true, true], await Eval(Col("x").IsNull().Or(Col("x").Gt(0))));
        Assert.Equal([false, null], await Eval(!Col("x").Gt(0)));
    }

    [Fact]
    public async Task Division_is_double_and_null_for_zero_or_null()
    {
        Assert.Equal([3.5, null], await Eval(Col("n") / 2));
        Assert.Equal([null, null], await Eval(Col("x") / 0));
        Assert.Equal([null, null], await Eval(Col("n") / Lit(0.0)));
    }

    [Fact]
    public async Task Modulo_by_zero_is_null_for_integers_and_doubles()
    {
        Assert.Equal([1L, null], await Eval(Col("n") % 3));
        Assert.Equal([null, null], await Eval(Col("n") % 0));
        Assert.Equal([null, null], await Eval(Col("x") % 0.0));
    }

    [Fact]
    public async Task Failed_cast_is_null_not_an_error()
    {
        Assert.Equal([null, null], await Eval(Col("s").Cast("int")));
        Assert.Equal([7, null], await Eval(Col("n").Cast(IntegerType.Instance)));
        Assert.Equal(["4.0", null], await Eval(Col("x").Cast("string")));
    }

    [Fact]
    public async Task Cast_to_an_integer_truncates_toward_zero_as_spark_does()
    {
        Assert.Equal([1, null], await Eval((Col("x") / 3).Cast("int")));
        Assert.Equal([-1L, null], await Eval((Col("x") / Col("y") / 3).Cast("bigint")));
        Assert.Equal([1, null], await Eval(Concat(Lit("1."), Col("n").Cast("string")).Cast("int")));
        Assert.Equal([2, 2], await Eval(Lit(" 2.99 ").Cast("int")));
        Assert.Equal([long.MaxValue, long.MaxValue], await Eval(Lit(long.MaxValue).Cast("bigint")));
        Assert.Equal([1, 1], await Eval(Lit(true).Cast("int")));
    }

    [Fact]
    public async Task Log_is_null_for_non_positive_values_instead_of_failing()
    {
        Assert.Equal([Math.Log(4.0), null], await Eval(Log(Col("x"))));
        Assert.Equal([null, null], await Eval(Log(Col("y"))));
    }

    [Fact]
    public async Task Sqrt_of_a_negative_value_is_nan_as_in_spark()
    {
        Assert.Equal([2.0, null], await Eval(Sqrt(Col("x"))));
        Assert.Equal([double.NaN, null], await Eval(Sqrt(Col("y"))));
    }

    [Fact]
    public async Task Floor_and_ceil_return_bigint()
    {
        Assert.Equal([-1L, null], await Eval(Floor(Col("y") / 2)));
        Assert.Equal([0L, null], await Eval(Ceil(Col("y") / 2)));
    }

    [Fact]
    public async Task Concat_is_null_when_any_argument_is_null()
    {
        Assert.Equal(["a_b-7", null], await Eval(Concat(Col("s"), Lit("-"), Col("n").Cast("string"))));
        Assert.Equal([null, null], await Eval(Concat(Col("s"), Lit(null))));
    }

    [Fact]
    public async Task Is_nan_is_false_for_null()
    {
        Assert.Equal([false, false], await Eval(Col("x").IsNaN()));
        Assert.Equal([true, false], await Eval((Col("x") - Col("x") + Lit(double.NaN)).IsNaN().Or(Col("x").IsNull().And(Lit(false)))));
        Assert.Equal([4.0, null], await Eval(Nanvl(Col("x"), Lit(0.0))));
    }

    [Fact]
    public async Task Is_in_follows_sql_null_semantics()
    {
        Assert.Equal([true, null], await Eval(Col("n").IsIn(1, 7)));
        Assert.Equal([false, null], await Eval(Col("n").IsIn(1, 2)));
        Assert.Equal([null, null], await Eval(Col("n").IsIn(1, null)));
    }

    [Fact]
    public async Task Is_in_with_no_values_is_false_not_a_syntax_error() =>
        Assert.Equal([false, null], await Eval(Col("n").IsIn()));

    [Fact]
    public async Task Like_treats_backslash_as_the_escape_character_as_spark_does()
    {
        Assert.Equal([true, null], await Eval(Col("s").Like("a%")));
        Assert.Equal([true, null], await Eval(Col("s").Like(@"a\_b")));
        Assert.Equal([false, false], await Eval(Lit("axb").Like(@"a\_b").And(Col("s").IsNotNull())));
        Assert.Equal([true, null], await Eval(Col("s").Like("a_b")));
    }

    [Fact]
    public async Task String_functions()
    {
        Assert.Equal(["A_B", null], await Eval(Upper(Col("s"))));
        Assert.Equal([3, null], await Eval(Length(Col("s"))));
        Assert.Equal(["_b", null], await Eval(Substring(Col("s"), 2, 5)));
        Assert.Equal([true, null], await Eval(Col("s").Contains("_").And(Col("s").StartsWith("a"))));
        Assert.Equal(["x", "x"], await Eval(Trim(Coalesce(Col("s").Cast("double").Cast("string"), Lit("  x ")))));
    }

    [Fact]
    public async Task Greatest_and_least_skip_nulls()
    {
        Assert.Equal([4.0, null], await Eval(Greatest(Col("x"), Col("y"), Lit(null))));
        Assert.Equal([-1.0, 0.0], await Eval(Least(Col("y"), Lit(0.0))));
    }

    [Fact]
    public async Task Math_functions()
    {
        Assert.Equal([16.0, null], await Eval(Pow(Col("x"), 2)));
        Assert.Equal([1.0, null], await Eval(Abs(Col("y"))));
        Assert.Equal([Math.Exp(-1), null], await Eval(Exp(Col("y"))));
        Assert.Equal([2.33, null], await Eval(Round(Col("n") / 3, 2)));
        Assert.Equal([3.0, null], await Eval(Round(Lit(2.5) + Col("x") * 0)));
        Assert.Equal([-4.0, null], await Eval(-Col("x")));
    }

    [Fact]
    public async Task When_without_otherwise_is_null_when_nothing_matches()
    {
        Assert.Equal(["big", null], await Eval(When(Col("x").Gt(1), "big")));
        Assert.Equal(["big", "none"], await Eval(When(Col("x").Gt(1), "big").When(Col("x").Leq(1), "small").Otherwise("none")));
    }

    [Fact]
    public async Task Dates_parse_with_spark_patterns_and_bad_input_is_null()
    {
        var df = Spark.CreateDataFrame(
            [["1/22/20 17:00", "2020-01-22T17:00:00", "2020-03-22 23:45:00"], ["13/45/20 99:00", "garbage", null]],
            StructType.FromDdl("a string, b string, c string"));
        var rows = await Values(df.Select(
            ToDate(Col("a"), "M/d/yy H:mm"), ToTimestamp(Col("b"), "yyyy-MM-dd'T'HH:mm:ss"), ToDate(Col("c")), ToTimestamp(Col("c"), "yyyy-MM-dd HH:mm:ss")));
        Assert.Equal([new DateOnly(2020, 1, 22), new DateTime(2020, 1, 22, 17, 0, 0), new DateOnly(2020, 3, 22), new DateTime(2020, 3, 22, 23, 45, 0)], rows[0]);
        Assert.Equal([null, null, null, null], rows[1]);
    }

    [Fact]
    public async Task Date_arithmetic_and_parts()
    {
        var df = Spark.CreateDataFrame([[new DateOnly(2020, 2, 28)]], StructType.FromDdl("d date"));
        var row = (await Values(df.Select(DateAdd(Col("d"), 2), DateDiff(Lit(new DateOnly(2021, 2, 28)), Col("d")), Year(Col("d")), Month(Col("d")), DayOfMonth(Col("d")))))[0];
        Assert.Equal([new DateOnly(2020, 3, 1), 366, 2020, 2, 28], row);
    }

    [Fact]
    public async Task Unknown_pattern_letters_fail_at_compile_time_with_the_pattern()
    {
        var e = await Assert.ThrowsAsync<Errors.OperationNotSupportedException>(() => Data().Select(ToDate(Col("s"), "yyyy-MM-dd EEE")).CollectAsync());
        Assert.Contains("EEE", e.Message);
    }
}
