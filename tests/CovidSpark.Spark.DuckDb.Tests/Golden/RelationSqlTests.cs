using CovidSpark.Spark.Sql;
using CovidSpark.Spark.Sql.Types;
using CovidSpark.Spark.Tests.Infrastructure;
using static CovidSpark.Spark.Sql.Functions;

namespace CovidSpark.Spark.Tests.Golden;

/// <summary>Golden DuckDB SQL for every relation node (style item 15a); each test also runs its SQL once.</summary>
public class RelationSqlTests : SparkTest
{
    private string ReportsCsv(string name = "reports.csv", string sep = ",") => Temp.WriteText(name,
        string.Join("\n", "country,report_date,confirmed", "Italy,2020-03-01,1000", "Spain,2020-03-01,NA", "") .Replace(",", sep));

    private async Task<string> ReportsParquetDir()
    {
        var dir = Temp["lake/reports"];
        await Reports().Write().PartitionBy("report_date").ParquetAsync(dir);
        return dir;
    }

    [Fact]
    public async Task Read_csv_with_schema_and_options()
    {
        var df = Spark.Read().Option("header", true).Option("sep", ";").Option("nullValue", "NA")
            .Schema("country string, report_date date, confirmed bigint").Csv(ReportsCsv(sep: ";"));
        var rows = await MatchesGolden(df);
        Assert.Equal(["Italy", new DateOnly(2020, 3, 1), 1000L], rows[0].Values);
        Assert.Null(rows[1]["confirmed"]);
    }

    [Fact]
    public async Task Read_csv_without_schema_reads_strings()
    {
        var rows = await MatchesGolden(Spark.Read().Option("header", "true").Csv(ReportsCsv()));
        Assert.Equal(["Italy", "2020-03-01", "1000"], rows[0].Values);
    }

    [Fact]
    public async Task Read_csv_with_infer_schema()
    {
        var rows = await MatchesGolden(Spark.Read().Option("header", "true").Option("inferSchema", "true").Option("nullValue", "NA").Csv(ReportsCsv()));
        Assert.Equal(1000L, rows[0].GetAs<long>("confirmed"));
    }

    [Fact]
    public async Task Read_csv_without_header_renames_columns_as_spark()
    {
        var rows = await MatchesGolden(Spark.Read().Csv(ReportsCsv()));
        Assert.Equal(["_c0", "_c1", "_c2"], rows[0].Schema.Names);
    }

    [Fact]
    public async Task Read_parquet_directory_with_partition_folders()
    {
        var rows = await MatchesGolden(Spark.Read().Parquet(await ReportsParquetDir()));
        Assert.Equal(5, rows.Count);
    }

    [Fact]
    public async Task Local_relation_casts_each_value_to_the_schema_type()
    {
        var rows = await MatchesGolden(Reports());
        Assert.Equal(5, rows.Count);
    }

    [Fact]
    public async Task Local_relation_without_rows()
    {
        var rows = await MatchesGolden(Spark.CreateDataFrame([], StructType.FromDdl("a string, b double")));
        Assert.Empty(rows);
    }

    [Fact]
    public async Task Sql_query_without_views_runs_as_written()
    {
        var rows = await MatchesGolden(Spark.Sql("SELECT 1 AS one;"));
        Assert.Equal(1, rows[0]["one"]);
    }

    [Fact]
    public async Task Sql_query_inlines_only_the_views_it_names()
    {
        Reports().CreateOrReplaceTempView("reports");
        Continents().CreateOrReplaceTempView("continents");
        var rows = await MatchesGolden(Spark.Sql("SELECT country, confirmed FROM reports WHERE confirmed > 600"));
        Assert.Equal(2, rows.Count);
    }

    [Fact]
    public async Task Sql_query_over_a_view_defined_by_sql()
    {
        Reports().CreateOrReplaceTempView("reports");
        Spark.Sql("SELECT country, max(confirmed) AS confirmed FROM reports GROUP BY country").CreateOrReplaceTempView("latest");
        var rows = await MatchesGolden(Spark.Sql("SELECT country FROM latest WHERE confirmed >= 1000"));
        Assert.Equal("Italy", Assert.Single(rows)["country"]);
    }

    [Fact]
    public async Task Sql_query_with_leading_with_merges_its_ctes_after_the_views()
    {
        Reports().CreateOrReplaceTempView("reports");
        var rows = await MatchesGolden(Spark.Sql("WITH big AS (SELECT * FROM reports WHERE confirmed > 600) SELECT count(*) AS n FROM big"));
        Assert.Equal(2L, rows[0]["n"]);
    }

    [Fact]
    public async Task Project_names_unaliased_expressions_as_spark_does()
    {
        var df = Reports().Select(Col("country"), Col("confirmed") + 1, Col("deaths").Alias("d"), Lit("x"));
        await MatchesGolden(df);
        Assert.Equal(["country", "(confirmed + 1)", "d", "x"], await Columns(df));
    }

    [Fact]
    public async Task Filter_wraps_the_input_in_a_where()
    {
        var rows = await MatchesGolden(Reports().Filter(Col("confirmed").Gt(600).And(Col("country").NotEqual("Spain"))));
        Assert.Equal(2, rows.Count);
    }

    [Fact]
    public async Task With_column_adds_a_new_column_last()
    {
        var rows = await MatchesGolden(Reports().WithColumn("cfr", Col("deaths") / Col("confirmed")));
        Assert.Equal(0.03, rows[0]["cfr"]);
    }

    [Fact]
    public async Task With_column_replaces_an_existing_column_in_place()
    {
        var rows = await MatchesGolden(Reports().WithColumn("CONFIRMED", Coalesce(Col("confirmed"), Lit(0L))));
        Assert.Equal("CONFIRMED", rows[0].Schema.Fields[2].Name);
    }

    [Fact]
    public async Task With_column_renamed_renames_in_place_and_ignores_missing_names()
    {
        var rows = await MatchesGolden(Reports().WithColumnRenamed("confirmed", "cases").WithColumnRenamed("nope", "x"));
        Assert.Equal(["country", "report_date", "cases", "deaths", "hdi"], rows[0].Schema.Names);
    }

    [Fact]
    public async Task Drop_keeps_the_other_columns_in_order()
    {
        var rows = await MatchesGolden(Reports().Drop("deaths", "HDI", "missing"));
        Assert.Equal(["country", "report_date", "confirmed"], rows[0].Schema.Names);
    }

    [Fact]
    public async Task Aggregate_with_groupings_groups_by_position()
    {
        var rows = await MatchesGolden(Reports().GroupBy("country").Agg(Sum("confirmed"), Max("deaths").Alias("max_deaths")).OrderBy("country"));
        Assert.Equal(["Chad", 0L, null], rows[0].Values);
    }

    [Fact]
    public async Task Aggregate_without_groupings_is_one_row()
    {
        var rows = await MatchesGolden(Reports().Agg(Count("*"), Avg("hdi")));
        Assert.Equal(5L, Assert.Single(rows)["count(1)"]);
    }

    [Fact]
    public async Task Join_using_columns_puts_the_keys_first()
    {
        var rows = await MatchesGolden(Reports().Join(Continents(), "country"));
        Assert.Equal(["country", "report_date", "confirmed", "deaths", "hdi", "continent"], rows[0].Schema.Names);
    }

    [Fact]
    public async Task Join_using_full_outer_coalesces_the_keys()
    {
        var rows = await MatchesGolden(Reports().Join(Continents(), ["country"], "full_outer"));
        Assert.Equal(6, rows.Count);
    }

    [Fact]
    public async Task Join_using_right_outer_takes_the_keys_from_the_right()
    {
        var rows = await MatchesGolden(Reports().Join(Continents(), ["country"], "right"));
        Assert.Equal(5, rows.Count);
    }

    [Fact]
    public async Task Join_on_condition_qualifies_columns_by_their_dataframe()
    {
        var reports = Reports();
        var continents = Continents().WithColumnRenamed("country", "name");
        var rows = await MatchesGolden(reports.Join(continents, reports["country"].EqualTo(continents["name"]), "left"));
        Assert.Equal(5, rows.Count);
    }

    [Fact]
    public async Task Join_left_semi_keeps_left_columns_only()
    {
        var rows = await MatchesGolden(Reports().Join(Continents(), ["country"], "left_semi"));
        Assert.Equal(4, rows.Count);
    }

    [Fact]
    public async Task Join_left_anti_keeps_unmatched_left_rows()
    {
        var rows = await MatchesGolden(Reports().Join(Continents(), ["country"], "left_anti"));
        Assert.Equal("Chad", Assert.Single(rows)["country"]);
    }

    [Fact]
    public async Task Cross_join_is_the_cartesian_product()
    {
        var rows = await MatchesGolden(Reports().CrossJoin(Continents().Select("continent")));
        Assert.Equal(15, rows.Count);
    }

    [Fact]
    public async Task Cross_join_type_with_a_condition_is_an_inner_join()
    {
        var reports = Reports();
        var continents = Continents();
        var rows = await MatchesGolden(reports.Join(continents, reports["country"].EqualTo(continents["country"]), "cross"));
        Assert.Equal(4, rows.Count);
    }

    [Fact]
    public async Task Sort_spells_out_spark_null_ordering()
    {
        var rows = await MatchesGolden(Reports().OrderBy(Col("confirmed").Desc(), Col("deaths"), Col("country").AscNullsLast(), Col("hdi").DescNullsFirst()));
        Assert.Null(rows[^1]["confirmed"]);
    }

    [Fact]
    public async Task Limit_takes_the_first_rows()
    {
        var rows = await MatchesGolden(Reports().Limit(2));
        Assert.Equal(2, rows.Count);
    }

    [Fact]
    public async Task Union_matches_columns_by_position()
    {
        var rows = await MatchesGolden(Continents().Union(Continents()));
        Assert.Equal(6, rows.Count);
    }

    [Fact]
    public async Task Union_by_name_matches_columns_by_name()
    {
        var rows = await MatchesGolden(Continents().UnionByName(Continents().Select("continent", "country")));
        Assert.Equal(["country", "continent"], rows[0].Schema.Names);
    }

    [Fact]
    public async Task Union_by_name_with_missing_columns_fills_nulls()
    {
        var rows = await MatchesGolden(Continents().UnionByName(Reports().Select("country", "confirmed"), allowMissingColumns: true));
        Assert.Equal(["country", "continent", "confirmed"], rows[0].Schema.Names);
    }

    [Fact]
    public async Task Distinct_removes_duplicate_rows()
    {
        var rows = await MatchesGolden(Reports().Select("country").Distinct());
        Assert.Equal(3, rows.Count);
    }
}
