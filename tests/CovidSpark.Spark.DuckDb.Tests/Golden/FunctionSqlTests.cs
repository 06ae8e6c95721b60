using CovidSpark.Spark.Sql;
using CovidSpark.Spark.Sql.Types;
using CovidSpark.Spark.Tests.Infrastructure;
using static CovidSpark.Spark.Sql.Functions;

namespace CovidSpark.Spark.Tests.Golden;

/// <summary>
/// Golden DuckDB SQL for each dialect rule: operators, the functions that need more than a rename, literals,
/// windows and the HUGEINT/DECIMAL normalisation. Each test also checks the value the rule exists for.
/// </summary>
public class FunctionSqlTests : SparkTest
{
    /// <summary>One row: <c>x</c>=4.0, <c>z</c>=0.0, <c>n</c>=7 (bigint), <c>s</c>='1/22/20', <c>d</c>=2020-03-01.</summary>
    private DataFrame One() => Spark.CreateDataFrame(
        [[4.0, 0.0, 7L, "1/22/20", new DateOnly(2020, 3, 1)]],
        StructType.FromDdl("x double, z double, n bigint, s string, d date"));

    private async Task<object?> Single(Column expr, [System.Runtime.CompilerServices.CallerMemberName] string test = "") =>
        Assert.Single(await MatchesGolden(One().Select(expr.Alias("r")), test))["r"];

    [Fact]
    public async Task Divide_is_double_and_null_on_zero() => Assert.Null(await Single(Col("x") / Col("z")));

    [Fact]
    public async Task Cast_is_try_cast() => Assert.Null(await Single(Col("s").Cast("double")));

    [Fact]
    public async Task Cast_to_an_integer_truncates_toward_zero() => Assert.Equal(-1L, await Single((Col("x") / -3).Cast("bigint")));

    [Fact]
    public async Task Log_is_guarded_to_null_for_non_positive_values() => Assert.Null(await Single(Log(Col("z"))));

    [Fact]
    public async Task Corr_turns_nan_into_null()
    {
        var rows = await MatchesGolden(One().Agg(Corr("x", "n").Alias("r")));
        Assert.Null(rows[0]["r"]);
    }

    /// <summary>Zero variance in a group of several rows (issue 12): NULL from the lowering's guard, never NaN or an error.</summary>
    [Fact]
    public async Task Corr_of_a_constant_column_is_null_and_other_groups_keep_their_value()
    {
        var df = Spark.CreateDataFrame(
            [["flat", 1.0, 5.0], ["flat", 2.0, 5.0], ["flat", 3.0, 5.0], ["up", 1.0, 2.0], ["up", 2.0, 4.0], ["up", 3.0, 7.0], ["up", null, 9.0]],
            StructType.FromDdl("g string, a double, b double"));

        var rows = await df.GroupBy("g").Agg(Corr("a", "b").Alias("r")).OrderBy("g").CollectAsync();

        Assert.Null(rows[0]["r"]);
        Assert.Equal(0.99339927, (double)rows[1]["r"]!, 6);
    }

    [Fact]
    public async Task Floor_and_ceil_are_bigint()
    {
        var rows = await MatchesGolden(One().Select(Floor(Col("x") / 3).Alias("f"), Ceil(Col("x") / 3).Alias("c")));
        Assert.Equal([1L, 2L], rows[0].Values);
    }

    [Fact]
    public async Task To_date_with_a_spark_pattern_uses_strptime() =>
        Assert.Equal(new DateOnly(2020, 1, 22), await Single(ToDate(Col("s"), "M/d/yy")));

    [Fact]
    public async Task To_date_without_pattern_is_try_cast() => Assert.Null(await Single(ToDate(Col("s"))));

    [Fact]
    public async Task To_timestamp_with_a_spark_pattern_uses_strptime() =>
        Assert.Equal(new DateTime(2020, 1, 22, 17, 5, 0), await Single(ToTimestamp(Lit("2020-01-22 17:05:00"), "yyyy-MM-dd HH:mm:ss")));

    [Fact]
    public async Task Date_add_stays_a_date() => Assert.Equal(new DateOnly(2020, 2, 28), await Single(DateAdd(Col("d"), -2)));

    [Fact]
    public async Task Date_diff_counts_days_from_start_to_end() =>
        Assert.Equal(-29, await Single(DateDiff(Lit(new DateOnly(2020, 2, 1)), Col("d"))));

    [Fact]
    public async Task Is_in_lists_its_values() => Assert.Equal(true, await Single(Col("n").IsIn(1, 7, null)));

    [Fact]
    public async Task Like_keeps_the_pattern() => Assert.Equal(true, await Single(Col("s").Like("1/%")));

    [Fact]
    public async Task Modulo_is_null_on_zero() => Assert.Null(await Single(Col("x") % Col("z")));

    [Fact]
    public async Task Concat_uses_the_null_propagating_operator() => Assert.Equal("1/22/20-7", await Single(Concat(Col("s"), Lit("-"), Col("n"))));

    [Fact]
    public async Task Is_nan_is_false_for_null() => Assert.Equal(false, await Single(Lit(null).Cast("double").IsNaN()));

    [Fact]
    public async Task Sqrt_is_nan_for_negative_values() => Assert.Equal(double.NaN, await Single(Sqrt(-Col("x"))));

    [Fact]
    public async Task Is_in_with_an_empty_list() => Assert.Equal(false, await Single(Col("n").IsIn()));

    [Fact]
    public async Task To_timestamp_copies_quoted_pattern_text() =>
        Assert.Equal(new DateTime(2020, 1, 22, 17, 0, 0), await Single(ToTimestamp(Lit("2020-01-22T17:00:00"), "yyyy-MM-dd'T'HH:mm:ss")));

    [Fact]
    public async Task Integer_typed_functions_are_cast_to_int()
    {
        var rows = await MatchesGolden(One().Select(Year(Col("d")).Alias("y"), Length(Col("s")).Alias("len"),
            Rank().Over(Window.OrderBy("n")).Alias("rank")));
        Assert.Equal([2020, 7, 1], rows[0].Values);
    }

    [Fact]
    public async Task Comparison_and_logic_operators_use_sql_spelling() =>
        Assert.Equal(true, await Single(Col("x").EqualTo(4).And(Col("z").NotEqual(1)).Or(!Col("n").Leq(0)).And(Col("s").EqNullSafe(Lit(null)).Or(Col("x").Geq(4)))));

    [Fact]
    public async Task Arithmetic_negation_and_null_tests() =>
        Assert.Equal(true, await Single((-(Col("x") * 2 - 1) + Col("n") % 4).EqualTo(-4.0).And(Col("x").IsNotNull()).And(Col("z").IsNull().EqualTo(false))));

    [Fact]
    public async Task Case_when_otherwise() =>
        Assert.Equal("mid", await Single(When(Col("x").Gt(10), "high").When(Col("x").Gt(1), "mid").Otherwise("low")));

    [Fact]
    public async Task Literals_are_typed()
    {
        var rows = await MatchesGolden(One().Select(Lit(5L).Alias("l"), Lit(2.5).Alias("d"), Lit(double.NaN).Alias("nan"),
            Lit(new DateOnly(2020, 1, 2)).Alias("date"), Lit(new DateTime(2020, 1, 2, 3, 4, 5)).Alias("ts"), Lit("it's").Alias("s"),
            Lit(true).Alias("b"), new Column(new Plan.Literal(null, LongType.Instance)).Alias("typed_null")));
        Assert.Equal([5L, 2.5, double.NaN, new DateOnly(2020, 1, 2), new DateTime(2020, 1, 2, 3, 4, 5), "it's", true, null], rows[0].Values);
    }

    [Fact]
    public async Task Count_star_and_count_distinct()
    {
        var rows = await MatchesGolden(One().Agg(Count("*"), CountDistinct(Col("n")), Count(Col("x"))));
        Assert.Equal(["count(1)", "count(DISTINCT n)", "count(x)"], rows[0].Schema.Names);
        Assert.Equal([1L, 1L, 1L], rows[0].Values);
    }

    [Fact]
    public async Task Sum_of_integers_is_normalised_from_hugeint_to_bigint()
    {
        var rows = await MatchesGolden(Spark.CreateDataFrame([[1], [2]], StructType.FromDdl("i int")).Agg(Sum("i")));
        Assert.IsType<long>(rows[0]["sum(i)"]);
    }

    [Fact]
    public async Task Decimal_results_of_sql_are_normalised_to_double()
    {
        var rows = await MatchesGolden(Spark.Sql("SELECT 1.25 AS d, sum(i) AS s FROM range(3) AS r(i)"));
        Assert.Equal([1.25, 3L], rows[0].Values);
    }

    [Fact]
    public async Task Window_with_default_frame_and_ranking()
    {
        var w = Window.PartitionBy("country").OrderBy("report_date");
        var rows = await MatchesGolden(Reports().Select(Col("country"), RowNumber().Over(w).Alias("rn"),
            Lag(Col("confirmed")).Over(w).Alias("prev"), Lag(Col("confirmed"), 1, 0L).Over(w).Alias("prev0"), Sum("confirmed").Over(w).Alias("running"))
            .OrderBy("country", "rn"));
        Assert.Equal(["Italy", 2, 1000L, 1000L, 2500L], rows[2].Values);
    }

    [Fact]
    public async Task Window_with_rows_frames()
    {
        var w = Window.PartitionBy(Col("country")).OrderBy(Col("report_date").Desc());
        var rows = await MatchesGolden(Reports().Select(
            Avg("confirmed").Over(w.RowsBetween(-6, Window.CurrentRow)).Alias("avg7"),
            Sum("deaths").Over(w.RowsBetween(Window.UnboundedPreceding, Window.UnboundedFollowing)).Alias("total"),
            Max("deaths").Over(w.RowsBetween(1, 2)).Alias("ahead")));
        Assert.Equal(5, rows.Count);
    }

    [Fact]
    public async Task Renamed_and_passthrough_functions()
    {
        var rows = await MatchesGolden(One().Select(Pow(Col("x"), 2).Alias("p"), Substring(Col("s"), 1, 4).Alias("sub"),
            DayOfMonth(Col("d")).Alias("day"), Col("s").StartsWith("1/").Alias("sw"), Round(Col("x") / 3, 2).Alias("r"),
            Greatest(Col("x"), Col("z")).Alias("g"), Nanvl(Col("x"), Lit(0.0)).Alias("nv")));
        Assert.Equal([16.0, "1/22", 1, true, 1.33, 4.0, 4.0], rows[0].Values);
    }
}
