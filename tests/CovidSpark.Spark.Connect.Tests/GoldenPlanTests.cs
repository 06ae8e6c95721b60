using CovidSpark.Connect.Tests.Fakes;
using CovidSpark.Spark.Connect;
using CovidSpark.Spark.DuckDb;
using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Sql;
using CovidSpark.Spark.Sql.Types;
using static CovidSpark.Spark.Sql.Functions;

namespace CovidSpark.Connect.Tests;

/// <summary>
/// The same DataFrame compiled by both engines: <c>Snapshots/&lt;case&gt;/spark-connect/plan.json</c> (protobuf
/// JSON of every Plan sent, compared exactly) next to <c>Snapshots/&lt;case&gt;/duckdb/query.sql</c> (the DuckDB twin, for
/// reading side by side; the DuckDB compiler lives in another project and evolves there, so only the fragments
/// that carry each rule are asserted on it). Each case asserts the dialect rule it exists for on both engines, so
/// regenerating a snapshot cannot silently accept a wrong translation.
/// </summary>
public sealed class GoldenPlanTests : IClassFixture<TestData>, IAsyncLifetime
{
    private const string Schema = "iso3 string, date_text string, confirmed bigint, deaths bigint, confirmed_text string";
    private readonly TestData _data;
    private SparkSession _spark = null!;

    public GoldenPlanTests(TestData data) => _data = data;

    public Task InitializeAsync()
    {
        _spark = SparkSession.Builder().UseDuckDb().GetOrCreate(); // DuckDB: the twin compiler
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _spark.DisposeAsync();

    private DataFrame Cases() => _spark.Read().Option("header", "true").Schema(Schema).Csv(_data.Cases);

    private DataFrame Population() => _spark.Read().Option("header", "true").Schema("code string, population bigint").Csv(_data.Population);

    private void Golden(string name, DataFrame df, string[] sparkMust, string[] duckMust)
    {
        var json = _data.Normalise(SparkConnectPlans.ToText(SparkConnectPlans.CompileQuery(df.Plan)));
        var sql = _data.Normalise(((DuckDbEngine)_spark.Engine).CompileToSql(df.Plan));
        Snapshot.Match(name, "spark-connect/plan.json", json);
        Snapshot.Twin(name, "duckdb/query.sql", sql);
        var compact = Compact(json);
        foreach (var s in sparkMust) Assert.Contains(s, compact);
        foreach (var d in duckMust) Assert.Contains(d, sql);
    }

    /// <summary>The JSON without line breaks and indentation, for assertions: <c>"name": ["x"]</c>.</summary>
    private static string Compact(string json) => System.Text.RegularExpressions.Regex.Replace(json, @"\n\s*", "");

    [Fact]
    public void Division_is_try_divide_of_doubles_so_division_by_zero_is_null_under_ansi() =>
        Golden("division_by_zero", Cases().Select(Col("iso3"), (Col("deaths") / Col("confirmed")).Alias("cfr")),
            ["\"functionName\": \"try_divide\"", "\"evalMode\": \"EVAL_MODE_LEGACY\""], ["NULLIF(CAST(\"confirmed\" AS DOUBLE), 0)"]);

    [Fact]
    public void Modulo_by_zero_is_null_and_an_empty_in_list_is_false_or_null() =>
        Golden("modulo_by_zero", Cases().Select((Col("confirmed") % Col("deaths")).Alias("rest"), Col("iso3").IsIn().Alias("none")),
            ["\"functionName\": \"nullif\"", "\"functionName\": \"when\""], ["% NULLIF(\"deaths\", 0)", "CASE WHEN (\"iso3\" IS NOT NULL) THEN FALSE END"]);

    [Fact]
    public void Cast_is_spark_non_ansi_cast_null_when_it_does_not_convert() =>
        Golden("cast_try", Cases().Select(Col("confirmed_text").Cast("bigint").Alias("n")),
            ["\"cast\"", "\"long\": {}", "EVAL_MODE_LEGACY"], ["TRY_CAST(", "\"confirmed_text\"", "AS BIGINT)"]);

    [Fact]
    public void Ln_of_non_positive_values_is_null_on_both_engines() =>
        Golden("ln_non_positive", Cases().Select(Log(Col("confirmed")).Alias("log_confirmed")),
            ["\"functionName\": \"ln\""], ["CASE WHEN \"confirmed\" > 0 THEN ln(\"confirmed\") END"]);

    [Fact]
    public void Corr_is_null_without_variance_and_never_divides_by_zero_under_ansi() =>
        Golden("corr_nan_to_null", Cases().GroupBy("iso3").Agg(Corr("confirmed", "deaths").Alias("r")),
            ["\"functionName\": \"when\"", "\"functionName\": \"regr_sxx\"", "\"functionName\": \"regr_syy\"", "\"functionName\": \"corr\""],
            ["CASE WHEN ((regr_sxx(\"deaths\", \"confirmed\") > CAST(0 AS DOUBLE)) AND (regr_syy(\"deaths\", \"confirmed\") > CAST(0 AS DOUBLE))) THEN corr(\"confirmed\", \"deaths\") END"]);

    [Fact]
    public void Not_equal_is_not_of_equal_as_spark_has_no_function_named_not_equal() =>
        Golden("not_equal", Cases().Filter(Col("iso3").NotEqual("USA")),
            ["\"functionName\": \"not\"", "\"functionName\": \"==\""], ["(\"iso3\" <> 'USA')"]);

    [Fact]
    public void Floor_and_ceil_are_bigint() =>
        Golden("floor_ceil_bigint", Cases().Select(Floor(Col("confirmed") / 7).Alias("weeks"), Ceil(Col("confirmed") / 7).Alias("weeks_up")),
            ["\"functionName\": \"floor\"", "\"functionName\": \"ceil\"", "\"long\": {}"], ["CAST(floor(", "CAST(ceil("]);

    [Fact]
    public void To_date_with_a_pattern_parses_leniently_to_null() =>
        Golden("to_date_pattern", Cases().Select(
                ToDate(Col("date_text"), "M/d/yy").Alias("day"),
                ToDate(Col("iso3")).Alias("no_pattern"),
                ToTimestamp(Col("date_text"), "M/d/yy").Alias("at")),
            ["\"functionName\": \"try_to_timestamp\"", "\"string\": \"M/d/yy\"", "\"date\": {}"],
            ["try_strptime(\"date_text\", '%m/%d/%y')", "regexp_matches(trim(CAST(\"iso3\" AS VARCHAR))"]);

    [Fact]
    public void Round_substring_and_to_date_are_sent_as_sparks_own_functions() =>
        Golden("spark_builtins", Cases().Select(
                Round(Col("deaths") / Col("confirmed"), 2).Alias("cfr"),
                Round(Col("confirmed"), -1).Alias("tens"),
                Substring(Col("iso3"), 0, 2).Alias("prefix"),
                ToDate(Col("date_text")).Alias("day")),
            ["\"functionName\": \"round\"", "\"functionName\": \"substring\"", "\"integer\": -1", "\"date\": {}"],
            ["AS DECIMAL(38,37)), 2) AS DOUBLE)", "round(\"confirmed\", -1)", "substring(\"iso3\", 1, 2)", "regexp_matches(trim(CAST(\"date_text\" AS VARCHAR))"]);

    [Fact]
    public void Sort_orders_state_their_null_ordering_explicitly() =>
        Golden("sort_null_ordering", Cases().OrderBy(Col("iso3"), Col("confirmed").Desc(), Col("deaths").AscNullsLast(), Col("date_text").DescNullsFirst()),
            ["SORT_NULLS_FIRST", "SORT_NULLS_LAST", "SORT_DIRECTION_DESCENDING", "\"isGlobal\": true"],
            ["\"iso3\" ASC NULLS FIRST", "\"confirmed\" DESC NULLS LAST", "\"deaths\" ASC NULLS LAST", "\"date_text\" DESC NULLS FIRST"]);

    [Fact]
    public void Window_frames_are_row_frames_with_explicit_bounds()
    {
        var w = Window.PartitionBy("iso3").OrderBy("date_text");
        Golden("window_frames", Cases().Select(
                Col("iso3"),
                Avg(Col("confirmed")).Over(w.RowsBetween(-6, Window.CurrentRow)).Alias("avg7"),
                Sum(Col("confirmed")).Over(w.RowsBetween(Window.UnboundedPreceding, Window.CurrentRow)).Alias("running"),
                Lag(Col("confirmed"), 1, 0L).Over(w).Alias("previous"),
                RowNumber().Over(w).Alias("n")),
            ["FRAME_TYPE_ROW", "\"integer\": -6", "\"currentRow\": true", "\"unbounded\": true", "\"functionName\": \"lag\""],
            ["ROWS BETWEEN 6 PRECEDING AND CURRENT ROW", "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW"]);
    }

    [Fact]
    public void Using_joins_send_using_columns()
    {
        var pop = Population().WithColumnRenamed("code", "iso3");
        Golden("using_join", Cases().Join(pop, ["iso3"], "left"),
            ["\"usingColumns\": [\"iso3\"]", "JOIN_TYPE_LEFT_OUTER", "\"renameColumnsMap\""], ["LEFT JOIN", "t"]);
    }

    [Fact]
    public void Condition_joins_resolve_columns_by_plan_id()
    {
        var cases = Cases();
        var pop = Population();
        var df = cases.Join(pop, cases["iso3"].EqualTo(pop["code"]), "inner").Select(Col("iso3"), Col("population"));
        // Pre-order ids: project 0, join 1, left read 2, right read 3; the condition's columns point at the reads,
        // the projection's do not (they resolve by name, as on DuckDB).
        Golden("condition_join", df,
            ["\"unparsedIdentifier\": \"iso3\",\"planId\": \"2\"", "\"unparsedIdentifier\": \"code\",\"planId\": \"3\"",
                "\"unresolvedAttribute\": {\"unparsedIdentifier\": \"population\"}", "JOIN_TYPE_INNER"],
            ["INNER JOIN", "ON (t0.\"iso3\" = t1.\"code\")"]);
    }

    [Fact]
    public void A_column_taken_from_a_join_side_keeps_that_sides_plan_id_above_the_join()
    {
        var cases = Cases();
        var pop = Population().WithColumnRenamed("code", "iso3");
        // Both sides have iso3: pop["iso3"] must mean the right one on Spark (by plan id) as on DuckDB (its renamed column).
        var df = cases.Join(pop, cases["iso3"].EqualTo(pop["iso3"]), "inner").Filter(pop["iso3"].IsNotNull()).Select(pop["iso3"], Col("population"));
        Golden("join_side_column", df,
            ["\"unresolvedAttribute\": {\"unparsedIdentifier\": \"population\"}", "JOIN_TYPE_INNER"],
            ["\"iso3_1\""]);
        var json = Compact(_data.Normalise(SparkConnectPlans.ToText(SparkConnectPlans.CompileQuery(df.Plan))));
        // The right side (the rename over its read) has one plan id; every reference to pop["iso3"] carries it.
        var renameId = System.Text.RegularExpressions.Regex.Match(json, "\"planId\": \"(\\d+)\"\\},\"withColumnsRenamed\"").Groups[1].Value;
        Assert.NotEmpty(renameId);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(json, $"\"unparsedIdentifier\": \"iso3\",\"planId\": \"{renameId}\"").Count);
    }

    [Fact]
    public void Union_by_name_with_missing_columns() =>
        Golden("union_by_name", Cases().Select("iso3", "confirmed").UnionByName(Population().WithColumnRenamed("code", "iso3"), allowMissingColumns: true),
            ["SET_OP_TYPE_UNION", "\"isAll\": true", "\"byName\": true", "\"allowMissingColumns\": true"], ["UNION ALL BY NAME"]);

    [Fact]
    public void Sql_queries_register_the_views_they_read_first()
    {
        Cases().CreateOrReplaceTempView("cases");
        Population().CreateOrReplaceTempView("population");
        _spark.Sql("SELECT 1 AS unused").CreateOrReplaceTempView("unused_view");
        var df = _spark.Sql("SELECT c.iso3, sum(c.confirmed) AS confirmed, max(p.population) AS population FROM cases c JOIN population p ON c.iso3 = p.code GROUP BY c.iso3");
        Golden("sql_with_temp_views", df,
            ["-- 0001-command", "\"createDataframeView\"", "\"name\": \"cases\"", "\"replace\": true", "-- 0003-query", "\"sql\": {"],
            ["WITH \"cases\" AS ("]);
        Assert.DoesNotContain("unused_view", SparkConnectPlans.ToText(SparkConnectPlans.CompileQuery(df.Plan)));
    }

    [Fact]
    public void Local_rows_are_sent_as_arrow_ipc_with_a_ddl_schema() =>
        Golden("local_relation", _spark.CreateDataFrame([["DEU", 1L, 0.5, new DateOnly(2020, 1, 22)], ["FRA", null, null, null]],
                StructType.FromDdl("iso3 string, cluster bigint, weight double, day date")),
            ["\"localRelation\"", "\"schema\": \"iso3 string, cluster bigint, weight double, day date\"", "\"data\": \""], ["VALUES"]);

    [Fact]
    public void A_daily_pipeline_compiles_step_by_step()
    {
        var df = Cases()
            .Filter(Col("confirmed").Gt(0).And(Col("iso3").IsNotNull()))
            .WithColumn("report_date", ToDate(Col("date_text"), "M/d/yy"))
            .Drop("confirmed_text")
            .GroupBy("iso3", "report_date")
            .Agg(Sum("confirmed").Alias("confirmed"), Sum("deaths").Alias("deaths"), Count(Col("*")))
            .WithColumnRenamed("count", "rows")
            .Distinct()
            .OrderBy(Col("report_date").Desc(), Col("iso3"))
            .Limit(100);
        Golden("daily_pipeline", df,
            ["\"withColumns\"", "\"drop\"", "\"aggregate\"", "GROUP_TYPE_GROUPBY", "\"deduplicate\"", "\"allColumnsAsKeys\": true", "\"limit\": 100",
                "\"name\": [\"count(1)\"]", "\"escape\": \"\\\"\""],
            ["GROUP BY 1, 2", "count(*) AS \"count(1)\"", "LIMIT 100"]);
    }

    [Fact]
    public void Writes_compile_to_a_write_operation()
    {
        var df = Cases().WithColumn("report_date", ToDate(Col("date_text"), "M/d/yy"));
        var write = new WriteCommand(df.Plan, "s3://bucket/daily", FileFormat.Parquet, SaveMode.Overwrite, ["report_date"],
            System.Collections.Immutable.ImmutableSortedDictionary<string, string>.Empty.Add("partitionOverwriteMode", "dynamic"));
        var json = _data.Normalise(SparkConnectPlans.ToText(SparkConnectPlans.CompileWrite(write)));
        Snapshot.Match("write_partitioned", "spark-connect/plan.json", json);
        Snapshot.Twin("write_partitioned", "duckdb/query.sql", _data.Normalise(((DuckDbEngine)_spark.Engine).CompileToSql(write.Input)));
        Assert.Contains("\"writeOperation\"", json);
        Assert.Contains("\"mode\": \"SAVE_MODE_OVERWRITE\"", json);
        Assert.Contains("\"partitioningColumns\": [\"report_date\"]", Compact(json));
        Assert.Contains("\"partitionOverwriteMode\": \"dynamic\"", json);
    }
}
