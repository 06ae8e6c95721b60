using CovidSpark.Spark.DuckDb;
using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Sql;
using CovidSpark.Spark.Sql.Types;
using CovidSpark.Spark.Tests.Infrastructure;
using static CovidSpark.Spark.Sql.Functions;

namespace CovidSpark.Spark.Tests.Schema;

/// <summary>
/// Plans carry their columns: the DuckDB compiler derives every node's columns from the plan (local rows and CSV schemas at
/// the leaves, the function catalogue for expression types); leaves whose columns are in files or SQL text carry them, resolved
/// when their DataFrame was created (as Spark analyses eagerly). Every plan compiles with no connection at all, and what is
/// derived is what DuckDB describes.
/// </summary>
public class SchemaDerivationTests : SparkTest
{
    private DataFrame Left() => Spark.CreateDataFrame([["a", 1, 2L, 0.285], ["b", 2, null, 1.5]], StructType.FromDdl("k string, i int, v bigint, d double"));

    private DataFrame Right() => Spark.CreateDataFrame([["a", 10L, "x"], ["c", 30L, "y"]], StructType.FromDdl("k string, v bigint, s string"));

    /// <summary>Plans that exercise every relation node whose columns depend on its input's columns.</summary>
    public static TheoryData<string> Plans => [.. PlanNames];

    private static readonly string[] PlanNames =
    [
        "using_join", "condition_join", "outer_using_joins", "with_column_over_a_join", "rename_and_drop", "aggregate_of_integers",
        "window_over_a_join", "union_by_name", "union_all", "round_and_casts", "semi_and_cross", "select_star_and_case",
    ];

    private DataFrame Build(string name)
    {
        var (l, r) = (Left(), Right());
        return name switch
        {
            "using_join" => l.Join(r, "k"),
            "condition_join" => l.Join(r, l["k"].EqualTo(r["k"]), "left").Select(l["k"], r["v"], Col("d")),
            "outer_using_joins" => l.Join(r, ["k"], "full").Join(r.WithColumnRenamed("v", "w"), ["k"], "right"),
            "with_column_over_a_join" => l.Join(r, "k").WithColumn("total", Col("i") + Lit(1L)).WithColumn("i", Col("i") * 2),
            "rename_and_drop" => l.WithColumnRenamed("I", "j").Drop("v", "nope").WithColumnRenamed("d", "e"),
            "aggregate_of_integers" => l.GroupBy("k").Agg(Sum("i"), Sum("v").Alias("sv"), Avg("i"), Count(Col("*")), Max("d"), CountDistinct(Col("v"))),
            "window_over_a_join" => l.Join(r, "k").Select(Col("k"), Sum("i").Over(Window.PartitionBy("k")).Alias("w"), RowNumber().Over(Window.OrderBy("k")).Alias("n")),
            "union_by_name" => l.Select("k", "v").UnionByName(r.Select("v", "s"), allowMissingColumns: true),
            "union_all" => l.Select("k", "i").Union(r.Select("k", "v")),
            "round_and_casts" => l.Select(Round(Col("d"), 2).Alias("r"), Round(Col("i"), -1).Alias("ri"), Col("d").Cast("bigint").Alias("c"), Floor(Col("d")), Year(Lit(Mar1))),
            "semi_and_cross" => l.Join(r, ["k"], "left_semi").CrossJoin(r.Select("s")),
            "select_star_and_case" => l.Select(Col("*"), When(Col("i") > 1, Col("v")).Otherwise(Col("d")).Alias("c"), Coalesce(Col("v"), Col("i")).Alias("co")),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public void Plans_over_local_rows_compile_without_asking_duckdb(string name)
    {
        var plan = Build(name).Plan;
        Assert.Equal(Engine.CompileToSql(plan), Offline().Compile(plan));
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public async Task Derived_columns_are_what_duckdb_describes(string name)
    {
        var df = Build(name);

        Assert.Equal(Engine.Describe(Engine.CompileToSql(df.Plan)), Engine.DerivedColumns(df.Plan));
        await df.CollectAsync(); // and it runs
    }

    /// <summary>A compiler built without any engine: no connection, no way to describe, no Delta snapshots.</summary>
    private static DuckDbSqlCompiler Offline() => new(read => throw new InvalidOperationException("no Delta reads here"));

    /// <summary>A Parquet read, a CSV read with a header and inferred types, one without a header, and SQL over all three.</summary>
    private async Task<DataFrame> LeavesInFilesAndSql()
    {
        var parquet = Temp["lake/t"];
        await Spark.CreateDataFrame([["Italy", Mar1, 5L, 0.5], ["Chad", Mar2, 1L, 2.0]], StructType.FromDdl("country string, day date, n bigint, x double"))
            .Write().PartitionBy("day").ParquetAsync(parquet);
        var withHeader = Temp.WriteText("h.csv", "country,cases\nItaly,7\nChad,3\n");
        var noHeader = Temp.WriteText("n.csv", "Italy,it\nChad,td\n");
        Spark.Read().Parquet(parquet).CreateOrReplaceTempView("t");
        Spark.Read().Option("header", "true").Option("inferSchema", "true").Csv(withHeader).CreateOrReplaceTempView("h");
        Spark.Read().Csv(noHeader).CreateOrReplaceTempView("n");
        return Spark.Sql("SELECT t.country, t.day, sum(t.n) AS n, sum(h.cases) AS cases, 1.5 AS d, max(n._c1) AS code FROM t JOIN h ON t.country = h.country "
                + "JOIN n ON n._c0 = t.country GROUP BY ALL")
            .Join(Spark.Read().Csv(noHeader), Col("country").EqualTo(Col("_c0"))).WithColumn("m", Col("n") + 1);
    }

    [Fact]
    public async Task Plans_over_parquet_csv_and_sql_leaves_compile_with_a_compiler_that_has_no_engine()
    {
        var df = await LeavesInFilesAndSql();

        Assert.Equal(Engine.CompileToSql(df.Plan), Offline().Compile(df.Plan));
        Assert.Equal(Engine.Describe(Engine.CompileToSql(df.Plan)), Offline().Columns(df.Plan));
        Assert.Equal(["country", "day", "n", "cases", "d", "code", "_c0", "_c1", "m"], (await df.SchemaAsync()).Names);
        var row = Assert.Single(await df.Filter(Col("country").EqualTo("Italy")).CollectAsync());
        Assert.Equal(["Italy", Mar1, 5L, 7L, 1.5, "it", "Italy", "it", 6L], row.Values);
    }

    [Fact]
    public async Task A_leaf_keeps_the_columns_resolved_when_its_dataframe_was_created_as_in_spark()
    {
        var df = await LeavesInFilesAndSql();

        File.Delete(Temp["h.csv"]);
        File.Delete(Temp["n.csv"]);
        Directory.Delete(Temp["lake/t"], recursive: true);

        // Nothing asks DuckDB for the columns again: the plan still compiles and tells its schema with the files gone.
        Assert.Contains("read_parquet(", await df.ExplainAsync());
        Assert.Equal(9, (await df.SchemaAsync()).Fields.Length);
    }

    [Fact]
    public void A_sql_query_is_analysed_when_it_is_created_as_in_spark()
    {
        var e = Assert.ThrowsAny<Errors.SparkJobsException>(() => Spark.Sql("SELECT no_such_column FROM (SELECT 1 AS a)"));

        Assert.Contains("no_such_column", e.ToString());
    }

    [Fact]
    public async Task A_csv_without_a_header_names_eleven_columns_as_spark_does()
    {
        var csv = Temp.WriteText("wide.csv", string.Join(",", Enumerable.Range(0, 11).Select(i => "v" + i)) + "\n");
        var df = Spark.Read().Csv(csv);

        var row = Assert.Single(await df.CollectAsync());
        Assert.Equal(Enumerable.Range(0, 11).Select(i => "_c" + i), row.Schema.Names);
        Assert.Equal("v10", row["_c10"]);
        Assert.Contains("\"column10\" AS \"_c10\"", Offline().Compile(df.Plan));
    }

    [Fact]
    public async Task A_delta_read_takes_its_columns_from_the_log_not_from_duckdb()
    {
        var table = Path.Combine(Temp.Path, "t");
        await Spark.CreateDataFrame([["Italy", 5L, Mar1, 0.5], ["Chad", 1L, Mar2, 2.0]], StructType.FromDdl("country string, n bigint, day date, x double"))
            .Write().Format("delta").PartitionBy("day").SaveAsync(table);
        var df = Spark.Read().Delta(table).Filter(Col("n") > 1).WithColumn("r", Round(Col("x"), 1)).GroupBy("day").Agg(Sum("n"), Max("r"));
        await Engine.ExplainAsync(df.Plan, CancellationToken.None); // resolves the snapshot, as every action does
        var offline = new DuckDbSqlCompiler(Engine.CompileDeltaRead, Engine.DeltaColumnsOf);

        Assert.Equal(Engine.CompileToSql(df.Plan), offline.Compile(df.Plan));
        Assert.Equal(Engine.Describe(Engine.CompileToSql(df.Plan)), offline.Columns(df.Plan));
    }

    [Fact]
    public async Task A_delta_column_of_a_type_without_a_duckdb_twin_here_is_described_before_compiling()
    {
        var table = Temp["nested"];
        Directory.CreateDirectory(Path.Combine(table, "_delta_log"));
        var file = Path.Combine(table, "part-0.parquet");
        using (var duck = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:"))
        {
            duck.Open();
            using var copy = duck.CreateCommand();
            copy.CommandText = $"COPY (SELECT 'Italy' AS k, {{'n': 5}} AS s) TO '{file}' (FORMAT parquet)";
            copy.ExecuteNonQuery();
        }
        const string schema = """{"type":"struct","fields":[{"name":"k","type":"string","nullable":true,"metadata":{}},{"name":"s","type":{"type":"struct","fields":[{"name":"n","type":"integer","nullable":true,"metadata":{}}]},"nullable":true,"metadata":{}}]}""";
        var metaData = new System.Text.Json.Nodes.JsonObject
        {
            ["id"] = "00000000-0000-0000-0000-000000000001", ["format"] = new System.Text.Json.Nodes.JsonObject { ["provider"] = "parquet", ["options"] = new System.Text.Json.Nodes.JsonObject() },
            ["schemaString"] = schema, ["partitionColumns"] = new System.Text.Json.Nodes.JsonArray(), ["configuration"] = new System.Text.Json.Nodes.JsonObject(), ["createdTime"] = 0,
        };
        await File.WriteAllLinesAsync(Path.Combine(table, "_delta_log", "00000000000000000000.json"),
        [
            """{"protocol":{"minReaderVersion":1,"minWriterVersion":2}}""",
            new System.Text.Json.Nodes.JsonObject { ["metaData"] = metaData }.ToJsonString(),
            """{"add":{"path":"part-0.parquet","partitionValues":{},"size":""" + new FileInfo(file).Length + ""","modificationTime":0,"dataChange":true}}""",
        ]);
        var df = Spark.Read().Delta(table).Select(Col("k"), Col("s"));
        await Engine.ExplainAsync(df.Plan, CancellationToken.None); // resolves the snapshot, as every action does
        var offline = new DuckDbSqlCompiler(Engine.CompileDeltaRead, Engine.DeltaColumnsOf);

        Assert.Equal(Engine.CompileToSql(df.Plan), offline.Compile(df.Plan));
        Assert.Equal([("k", "VARCHAR"), ("s", "STRUCT(n INTEGER)")], offline.Columns(df.Plan));
        Assert.Equal("Italy", Assert.Single(await df.CollectAsync())["k"]);
    }
}
