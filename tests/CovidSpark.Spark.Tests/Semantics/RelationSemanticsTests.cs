using CovidSpark.Spark.Sql;
using CovidSpark.Spark.Sql.Types;
using CovidSpark.Spark.Tests.Infrastructure;
using static CovidSpark.Spark.Sql.Functions;

namespace CovidSpark.Spark.Tests.Semantics;

/// <summary>What each relation node returns on real DuckDB: rows, column order and names, as Spark would.</summary>
public class RelationSemanticsTests : SparkTest
{
    [Fact]
    public async Task Csv_read_with_schema_types_values_and_maps_empty_fields_to_null()
    {
        var file = Temp.WriteText("r.csv", "country,report_date,confirmed,rate\n\"Korea, South\",2020-03-01,5,0.5\nChad,2020-03-02,,\n");
        var df = Spark.Read().Option("header", "true").Schema("country string, report_date date, confirmed bigint, rate double").Csv(file);
        Assert.Equal(
            [["Korea, South", Mar1, 5L, 0.5], ["Chad", Mar2, null, null]],
            await Values(df));
    }

    [Fact]
    public async Task Csv_read_without_header_names_columns_like_spark()
    {
        var file = Temp.WriteText("r.csv", "Italy,5\n");
        var df = Spark.Read().Csv(file);
        Assert.Equal(["_c0", "_c1"], await Columns(df));
        Assert.Equal([["Italy", "5"]], await Values(df));
    }

    [Fact]
    public async Task Csv_options_are_case_insensitive_as_in_spark()
    {
        var file = Temp.WriteText("r.csv", "a;b\n1;2\n");
        var df = Spark.Read().Option("Header", "true").Option("SEP", ";").Csv(file);
        Assert.Equal(["a", "b"], await Columns(df));
    }

    [Fact]
    public async Task Csv_directory_reads_every_csv_file_in_it()
    {
        Temp.WriteText("in/a.csv", "k\nx\n");
        Temp.WriteText("in/b.csv", "k\ny\n");
        var rows = await Values(Spark.Read().Option("header", true).Csv(Temp["in"]).OrderBy("k"));
        Assert.Equal([["x"], ["y"]], rows);
    }

    [Fact]
    public async Task Select_filter_and_expressions()
    {
        var df = Reports().Filter(Col("deaths").Gt(10)).Select(Col("country"), (Col("deaths") * 2).Alias("d2")).OrderBy("d2");
        Assert.Equal([["Spain", 24], ["Italy", 60], ["Italy", 80]], await Values(df));
    }

    [Fact]
    public async Task Filter_drops_rows_where_the_condition_is_null()
    {
        Assert.Equal(3L, await Reports().Where(Col("confirmed").Gt(0)).CountAsync());
        Assert.Equal(1L, await Reports().Where(Col("confirmed").IsNull()).CountAsync());
    }

    [Fact]
    public async Task With_column_keeps_the_position_of_a_replaced_column_and_appends_a_new_one()
    {
        var df = Reports().WithColumn("confirmed", Col("confirmed") * 10).WithColumn("flag", Lit(true));
        Assert.Equal(["country", "report_date", "confirmed", "deaths", "hdi", "flag"], await Columns(df));
        Assert.Equal(10000L, (await df.CollectAsync())[0]["confirmed"]);
    }

    [Fact]
    public async Task With_column_can_use_a_window()
    {
        var w = Window.PartitionBy("country").OrderBy("report_date");
        var df = Reports().WithColumn("new_confirmed", Col("confirmed") - Lag(Col("confirmed")).Over(w)).Filter(Col("country").EqualTo("Italy")).OrderBy("report_date");
        Assert.Equal([null, 500L], (await df.CollectAsync()).Select(r => r["new_confirmed"]));
    }

    [Fact]
    public async Task Group_by_aggregates_with_null_semantics()
    {
        var df = Reports().GroupBy("country").Agg(Sum("confirmed").Alias("c"), Avg("deaths").Alias("d"), Count("confirmed").Alias("n"), Min("report_date").Alias("first"))
            .OrderBy("country");
        Assert.Equal(
            [["Chad", 0L, null, 1L, Mar2], ["Italy", 2500L, 35.0, 2L, Mar1], ["Spain", 500L, 11.0, 1L, Mar1]],
            await Values(df));
    }

    [Fact]
    public async Task Sum_of_only_nulls_is_null_and_count_of_empty_input_is_zero()
    {
        var empty = Reports().Filter(Lit(false));
        Assert.Equal([[null, 0L]], await Values(Reports().Filter(Col("confirmed").IsNull()).Agg(Sum("confirmed"), Count("deaths").Alias("x")).Select(Col("sum(confirmed)"), Lit(0L))));
        Assert.Equal([[0L, null]], await Values(empty.Agg(Count("*"), Max("hdi"))));
        Assert.Equal(0L, await empty.CountAsync());
    }

    [Fact]
    public async Task Grouped_count_is_named_count()
    {
        var df = Reports().GroupBy(Col("report_date")).Count().OrderBy(Col("report_date"));
        Assert.Equal(["report_date", "count"], await Columns(df));
        Assert.Equal([[Mar1, 2L], [Mar2, 3L]], await Values(df));
    }

    [Fact]
    public async Task Statistics_aggregates()
    {
        var df = Spark.CreateDataFrame([[1.0, 2.0], [2.0, 4.0], [3.0, 6.5]], StructType.FromDdl("a double, b double"));
        var row = (await df.Agg(Corr("a", "b").Alias("corr"), StddevSamp(Col("a")).Alias("sd"), StddevPop(Col("a")).Alias("sdp"), VarSamp(Col("a")).Alias("var")).CollectAsync())[0];
        // Pearson by hand: cov = 4.5/2, var(a) = 2/2, var(b) = (169/36 + 1/36 + 196/36)/2.
        Assert.Equal(4.5 / Math.Sqrt(2 * (169.0 + 1 + 196) / 36), row.GetAs<double>("corr"), 10);
        Assert.Equal(1.0, row.GetAs<double>("sd"), 10);
        Assert.Equal(Math.Sqrt(2.0 / 3), row.GetAs<double>("sdp"), 10);
        Assert.Equal(1.0, row.GetAs<double>("var"), 10);
    }

    [Fact]
    public async Task Corr_is_null_without_variance_or_with_one_pair()
    {
        var flat = Spark.CreateDataFrame([[1.0, 2.0], [1.0, 3.0]], StructType.FromDdl("a double, b double"));
        Assert.Equal([[null]], await Values(flat.Agg(Corr("a", "b"))));
        Assert.Equal([[null]], await Values(flat.Limit(1).Agg(Corr("a", "b"))));
    }

    [Fact]
    public async Task Inner_join_on_using_column_puts_it_once_and_first()
    {
        var df = Continents().Select("continent", "country").Join(Reports().Filter(Col("report_date").EqualTo(Lit(Mar1))), "country").OrderBy("country");
        Assert.Equal(["country", "continent", "report_date", "confirmed", "deaths", "hdi"], await Columns(df));
        Assert.Equal(["Italy", "Europe", Mar1, 1000L, 30, 0.89], (await df.CollectAsync())[0].Values);
    }

    [Fact]
    public async Task Left_join_keeps_unmatched_rows_with_nulls()
    {
        var df = Reports().Join(Continents(), ["country"], "left").Filter(Col("country").EqualTo("Chad"));
        Assert.Equal([["Chad", Mar2, 0L, null, null, null]], await Values(df));
    }

    [Fact]
    public async Task Full_outer_join_coalesces_the_using_column()
    {
        var df = Reports().Filter(Col("report_date").EqualTo(Lit(Mar2))).Select("country", "deaths")
            .Join(Continents(), ["country"], "outer").OrderBy("country");
        Assert.Equal(
            [["Chad", null, null], ["France", null, "Europe"], ["Italy", 40, "Europe"], ["Spain", 12, "Europe"]],
            await Values(df));
    }

    [Fact]
    public async Task Right_join_takes_the_key_from_the_right_side()
    {
        var df = Reports().Filter(Col("report_date").EqualTo(Lit(Mar2))).Select("country", "deaths")
            .Join(Continents(), ["country"], "right_outer").OrderBy("country");
        Assert.Equal([["France", null, "Europe"], ["Italy", 40, "Europe"], ["Spain", 12, "Europe"]], await Values(df));
    }

    [Fact]
    public async Task Using_join_never_matches_null_keys()
    {
        var left = Spark.CreateDataFrame([[null, 1], ["a", 2]], StructType.FromDdl("k string, l int"));
        var right = Spark.CreateDataFrame([[null, 3], ["a", 4]], StructType.FromDdl("k string, r int"));
        Assert.Equal([["a", 2, 4]], await Values(left.Join(right, "k")));
    }

    [Fact]
    public async Task Semi_and_anti_joins_return_left_columns()
    {
        var semi = Reports().Join(Continents(), ["country"], "semi").Select("country").Distinct().OrderBy("country");
        var anti = Reports().Join(Continents(), ["country"], "leftanti");
        Assert.Equal([["Italy"], ["Spain"]], await Values(semi));
        Assert.Equal(["country", "report_date", "confirmed", "deaths", "hdi"], await Columns(anti));
        Assert.Equal(["Chad"], (await anti.CollectAsync()).Select(r => r["country"]));
    }

    [Fact]
    public async Task Condition_join_keeps_both_sides_and_resolves_columns_by_dataframe()
    {
        var reports = Reports().Select("country", "deaths");
        var limits = Spark.CreateDataFrame([["Italy", 35], ["Spain", 100]], StructType.FromDdl("name string, max_deaths int"));
        var df = reports.Join(limits, reports["country"].EqualTo(limits["name"]).And(reports["deaths"].Gt(limits["max_deaths"])));
        Assert.Equal([["Italy", 40, "Italy", 35]], await Values(df));
    }

    [Fact]
    public async Task A_column_both_join_sides_have_is_the_side_it_was_taken_from_and_ambiguous_by_bare_name()
    {
        var a = Spark.CreateDataFrame([[1, "left", 10]], StructType.FromDdl("id int, v string, l int"));
        var b = Spark.CreateDataFrame([[1, "right", 20]], StructType.FromDdl("id int, v string, r int"));
        var joined = a.Join(b, a["id"].EqualTo(b["id"]));
        Assert.Equal([["left", 20]], await Values(joined.Select(a["v"], b["r"])));
        // As in Spark: right["v"] is the right side's v, through filters, sorts, limits, new columns and aggregates.
        Assert.Equal([["right", "left"]], await Values(joined.Select(b["v"], a["v"])));
        Assert.Single(await joined.Filter(b["v"].EqualTo("right")).CollectAsync());
        Assert.Empty(await joined.Filter(b["v"].EqualTo("left")).CollectAsync());
        Assert.Equal([[1]], await Values(joined.OrderBy(b["id"]).Limit(1).Select(b["id"])));
        Assert.Equal([["right!"]], await Values(joined.WithColumn("x", Concat(b["v"], Lit("!"))).Select("x")));
        Assert.Equal([["right", 1L]], await Values(a.Join(b, "id").GroupBy(b["v"]).Count()));
        Assert.Equal([[1, "left", 10, "right", 20]], await Values(a.Join(b, "id").Filter(b["r"].Gt(1))));
        // A bare name both sides have is ambiguous (Spark: AMBIGUOUS_REFERENCE); a using column is not.
        var bare = await Assert.ThrowsAsync<Errors.AnalysisException>(() => joined.Select(Col("v")).CollectAsync());
        Assert.Contains("'v' is ambiguous", bare.Message);
        await Assert.ThrowsAsync<Errors.AnalysisException>(() => a.Join(b, "id").Filter(Col("v").EqualTo("left")).CollectAsync());
        Assert.Equal([[1]], await Values(a.Join(b, "id").Select(Col("id"))));
        var renamed = b.WithColumnRenamed("v", "v_right");
        Assert.Equal([["right"]], await Values(a.Join(renamed, a["id"].EqualTo(renamed["id"])).Select(renamed["v_right"])));
    }

    [Fact]
    public async Task A_right_column_finds_its_renamed_name_even_when_the_left_has_that_name_too()
    {
        // The left side already has v_1, so the join's second v is seen as v_2 (DuckDB takes the first free suffix).
        var a = Spark.CreateDataFrame([[1, "left", "left v_1"]], StructType.FromDdl("id int, v string, v_1 string"));
        var b = Spark.CreateDataFrame([[1, "right"]], StructType.FromDdl("id int, v string"));
        var joined = a.Join(b, a["id"].EqualTo(b["id"]));
        Assert.Equal([["right", "left", "left v_1"]], await Values(joined.Select(b["v"], a["v"], a["v_1"])));
        // The output keeps the names the columns have on their side (Spark: v, v, v_1).
        Assert.Equal(["v", "v_1", "id"], await Columns(joined.Select(b["v"], a["v_1"], b["id"])));
    }

    [Fact]
    public async Task Cross_join_type_with_a_condition_applies_the_condition()
    {
        var a = Spark.CreateDataFrame([[1], [2]], StructType.FromDdl("x int"));
        var b = Spark.CreateDataFrame([[1], [3]], StructType.FromDdl("y int"));
        Assert.Equal(4, (await a.CrossJoin(b).CollectAsync()).Count);
        Assert.Equal([[1, 1]], await Values(a.Join(b, a["x"].EqualTo(b["y"]), "cross")));
        Assert.Equal([[1]], await Values(a.Join(b.WithColumnRenamed("y", "x"), ["x"], "cross")));
    }

    [Fact]
    public async Task Sort_puts_nulls_first_ascending_and_last_descending_by_default()
    {
        var asc = await Reports().OrderBy(Col("confirmed")).CollectAsync();
        var desc = await Reports().OrderBy(Col("confirmed").Desc()).CollectAsync();
        Assert.Equal([null, 0L, 500L, 1000L, 1500L], asc.Select(r => r["confirmed"]));
        Assert.Equal([1500L, 1000L, 500L, 0L, null], desc.Select(r => r["confirmed"]));
        var explicitOrder = await Reports().Sort(Col("confirmed").AscNullsLast()).Limit(5).CollectAsync();
        Assert.Null(explicitOrder[^1]["confirmed"]);
        Assert.Null((await Reports().Sort(Col("deaths").DescNullsFirst()).CollectAsync())[0]["deaths"]);
    }

    [Fact]
    public async Task Limit_after_sort_takes_the_top_rows()
    {
        Assert.Equal([["Italy", 1500L], ["Italy", 1000L]], await Values(Reports().OrderBy(Col("confirmed").Desc()).Limit(2).Select("country", "confirmed")));
        Assert.Empty(await Reports().Limit(0).CollectAsync());
    }

    [Fact]
    public async Task Union_keeps_duplicates_and_uses_left_names()
    {
        var a = Spark.CreateDataFrame([["x", 1]], StructType.FromDdl("k string, v int"));
        var b = Spark.CreateDataFrame([["x", 1]], StructType.FromDdl("other string, w int"));
        var df = a.Union(b);
        Assert.Equal(["k", "v"], await Columns(df));
        Assert.Equal(2L, await df.CountAsync());
        Assert.Equal(1L, await df.Distinct().CountAsync());
    }

    [Fact]
    public async Task Union_by_name_keeps_the_left_column_order()
    {
        var a = Spark.CreateDataFrame([["x", 1]], StructType.FromDdl("k string, v int"));
        var b = Spark.CreateDataFrame([[2, "y"]], StructType.FromDdl("v int, k string"));
        var df = a.UnionByName(b);
        Assert.Equal(["k", "v"], await Columns(df));
        Assert.Equal([["x", 1], ["y", 2]], await Values(df.OrderBy("k")));
    }

    [Fact]
    public async Task Union_by_name_with_missing_columns_appends_them_and_fills_nulls()
    {
        var a = Spark.CreateDataFrame([["x", 1]], StructType.FromDdl("k string, v int"));
        var b = Spark.CreateDataFrame([[true, "y"]], StructType.FromDdl("flag boolean, k string"));
        var df = a.UnionByName(b, allowMissingColumns: true);
        Assert.Equal(["k", "v", "flag"], await Columns(df));
        Assert.Equal([["x", 1, null], ["y", null, true]], await Values(df.OrderBy("k")));
    }

    [Fact]
    public async Task Union_by_name_without_allow_missing_columns_names_the_difference()
    {
        var a = Spark.CreateDataFrame([["x", 1]], StructType.FromDdl("k string, v int"));
        var b = Spark.CreateDataFrame([["y", true]], StructType.FromDdl("k string, flag boolean"));
        var e = await Assert.ThrowsAsync<Errors.AnalysisException>(() => a.UnionByName(b).CollectAsync());
        Assert.Contains("flag", e.Message);
        Assert.Contains("v", e.Message);
    }

    [Fact]
    public async Task Distinct_treats_nulls_as_equal()
    {
        var df = Spark.CreateDataFrame([[null, 1], [null, 1], ["a", 1]], StructType.FromDdl("k string, v int"));
        Assert.Equal(2L, await df.Distinct().CountAsync());
    }

    [Fact]
    public async Task Drop_ignores_missing_columns_but_refuses_to_drop_everything()
    {
        Assert.Equal(["country"], await Columns(Continents().Drop("continent", "nope")));
        await Assert.ThrowsAsync<Errors.AnalysisException>(() => Continents().Drop("country", "continent").CollectAsync());
    }

    [Fact]
    public async Task With_column_renamed_keeps_values()
    {
        var df = Continents().WithColumnRenamed("country", "name").Filter(Col("name").EqualTo("France"));
        Assert.Equal([["France", "Europe"]], await Values(df));
    }

    [Fact]
    public async Task Window_functions_rank_lag_and_rolling_average()
    {
        var days = Spark.CreateDataFrame(
            Enumerable.Range(1, 9).Select(d => new object?[] { "Italy", new DateOnly(2020, 3, d), (long)(d * 10) }),
            StructType.FromDdl("country string, report_date date, new_cases bigint"));
        var w = Window.PartitionBy("country").OrderBy("report_date");
        var df = days.Select(Col("report_date"), RowNumber().Over(w).Alias("rn"), Lag(Col("new_cases"), 1, 0L).Over(w).Alias("prev"),
                Avg("new_cases").Over(w.RowsBetween(-6, 0)).Alias("avg7"), Lead(Col("new_cases")).Over(w).Alias("next"))
            .OrderBy("report_date");
        var rows = await Values(df);
        Assert.Equal([new DateOnly(2020, 3, 1), 1, 0L, 10.0, 20L], rows[0]);
        Assert.Equal([new DateOnly(2020, 3, 7), 7, 60L, 40.0, 80L], rows[6]);
        Assert.Equal([new DateOnly(2020, 3, 9), 9, 80L, 60.0, null], rows[8]);
    }

    [Fact]
    public async Task Rank_and_dense_rank_give_ties_the_same_rank()
    {
        var w = Window.OrderBy(Col("deaths").Desc());
        var df = Reports().Filter(Col("deaths").IsNotNull()).Union(Reports().Filter(Col("deaths").EqualTo(40)))
            .Select(Col("deaths"), Rank().Over(w).Alias("rank"), DenseRank().Over(w).Alias("dense")).OrderBy(Col("deaths").Desc());
        Assert.Equal([[40, 1, 1], [40, 1, 1], [30, 3, 2], [12, 4, 3], [10, 5, 4]], await Values(df));
    }

    [Fact]
    public async Task Sql_sees_views_registered_before_it_was_built_and_the_latest_registration()
    {
        Continents().CreateOrReplaceTempView("places");
        Reports().Select("country").CreateOrReplaceTempView("places");
        var query = Spark.Sql("SELECT count(*) AS n FROM places");
        Continents().Filter(Lit(false)).CreateOrReplaceTempView("places");
        Assert.Equal(5L, (await query.CollectAsync())[0]["n"]);
        Assert.Equal(0L, (await Spark.Sql("SELECT count(*) AS n FROM places").CollectAsync())[0]["n"]);
    }

    [Fact]
    public async Task Sql_over_nested_views_and_table_lookup()
    {
        Reports().CreateOrReplaceTempView("reports");
        Spark.Sql("SELECT country, sum(confirmed) AS total FROM reports GROUP BY country").CreateOrReplaceTempView("totals");
        Spark.Sql("SELECT * FROM totals WHERE total > 100").CreateOrReplaceTempView("big");
        var df = Spark.Sql("WITH ranked AS (SELECT country, total FROM big) SELECT * FROM ranked ORDER BY total DESC");
        Assert.Equal([["Italy", 2500L], ["Spain", 500L]], await Values(df));
        Assert.Equal(2L, await Spark.Table("BIG").CountAsync());
    }

    [Fact]
    public async Task A_view_can_be_redefined_in_terms_of_its_previous_self()
    {
        Reports().CreateOrReplaceTempView("t");
        Spark.Sql("SELECT country, confirmed FROM t WHERE confirmed IS NOT NULL").CreateOrReplaceTempView("t");
        Spark.Sql("SELECT country, sum(confirmed) AS confirmed FROM t GROUP BY country").CreateOrReplaceTempView("t");
        Assert.Equal([["Chad", 0L], ["Italy", 2500L], ["Spain", 500L]], await Values(Spark.Sql("SELECT * FROM t ORDER BY country")));
    }

    [Fact]
    public async Task A_chain_of_sql_views_compiles_to_sql_that_grows_linearly()
    {
        Continents().CreateOrReplaceTempView("v0");
        var lengths = new List<int>();
        for (var i = 1; i <= 12; i++)
        {
            Spark.Sql($"SELECT * FROM v{i - 1}").CreateOrReplaceTempView($"v{i}");
            lengths.Add(Engine.CompileToSql(Spark.Table($"v{i}").Plan).Length);
        }
        Assert.Equal([["France", "Europe"]], await Values(Spark.Table("v12").Filter(Col("country").EqualTo("France"))));
        var step = lengths[1] - lengths[0];
        Assert.True(lengths[^1] <= lengths[0] + 11 * step * 2, $"SQL lengths by depth: {string.Join(", ", lengths)}");
    }

    [Fact]
    public async Task Sql_with_recursive_can_use_views()
    {
        Continents().CreateOrReplaceTempView("continents");
        var df = Spark.Sql("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3) SELECT count(*) AS c FROM n, continents");
        Assert.Equal([[9L]], await Values(df));
    }

    [Fact]
    public async Task Sql_query_ending_in_a_line_comment_can_be_transformed()
    {
        var df = Spark.Sql("SELECT 1 AS one -- the answer");
        Assert.Equal([[2]], await Values(df.Select((Col("one") + 1).Alias("two"))));
    }

    [Fact]
    public async Task Count_show_schema_and_explain()
    {
        var df = Reports().Select("country", "confirmed");
        Assert.Equal(5L, await df.CountAsync());
        var schema = await df.SchemaAsync();
        Assert.Equal("country string, confirmed bigint", schema.ToDdl());
        Assert.StartsWith("SELECT \"country\", \"confirmed\" FROM", await df.ExplainAsync());
        var output = new StringWriter();
        await df.ShowAsync(2, output: output);
        Assert.Equal(
            "+-------+---------+\n|country|confirmed|\n+-------+---------+\n|  Italy|     1000|\n|  Italy|     1500|\n+-------+---------+\nonly showing top 2 rows\n",
            output.ToString().ReplaceLineEndings("\n"));
    }
}
