using CovidSpark.Spark.DuckDb;
using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Sql;
using CovidSpark.Spark.Sql.Types;
using CovidSpark.Spark.Tests.Infrastructure;
using static CovidSpark.Spark.Sql.Functions;

namespace CovidSpark.Spark.Tests.Schema;

/// <summary>
/// Plans carry their columns: the DuckDB compiler derives every node's columns from the plan (local rows and CSV schemas at
/// the leaves, the function catalogue for expression types) and asks DuckDB only at leaves whose columns are in files or SQL
/// text. Plans over such leaves compile with no connection at all, and what is derived is what DuckDB describes.
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
        var offline = new DuckDbSqlCompiler(
            sql => throw new InvalidOperationException("the compiler asked DuckDB to describe: " + sql),
            read => throw new InvalidOperationException("no Delta reads here"));

        Assert.Equal(Engine.CompileToSql(plan), offline.Compile(plan));
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public async Task Derived_columns_are_what_duckdb_describes(string name)
    {
        var df = Build(name);

        Assert.Equal(Engine.Describe(Engine.CompileToSql(df.Plan)), Engine.DerivedColumns(df.Plan));
        await df.CollectAsync(); // and it runs
    }

    [Fact]
    public async Task Only_leaves_with_columns_in_files_or_sql_text_are_described()
    {
        var csv = Path.Combine(Temp.Path, "a.csv");
        await File.WriteAllTextAsync(csv, "k,n\na,1\n");
        var fromFile = Spark.Read().Option("header", "true").Option("inferSchema", "true").Csv(csv).WithColumn("m", Col("n") + 1);
        var described = new List<string>();
        var compiler = new DuckDbSqlCompiler(sql => { described.Add(sql); return Engine.Describe(sql); }, _ => throw new InvalidOperationException());

        compiler.Compile(fromFile.Plan);

        Assert.Single(described); // the read, once
        Assert.StartsWith("SELECT * FROM read_csv(", described[0]);
        Assert.Equal([("k", "VARCHAR"), ("n", "BIGINT"), ("m", "BIGINT")], compiler.Columns(fromFile.Plan));
    }

    [Fact]
    public async Task A_delta_read_takes_its_columns_from_the_log_not_from_duckdb()
    {
        var table = Path.Combine(Temp.Path, "t");
        await Spark.CreateDataFrame([["Italy", 5L, Mar1, 0.5], ["Chad", 1L, Mar2, 2.0]], StructType.FromDdl("country string, n bigint, day date, x double"))
            .Write().Format("delta").PartitionBy("day").SaveAsync(table);
        var df = Spark.Read().Delta(table).Filter(Col("n") > 1).WithColumn("r", Round(Col("x"), 1)).GroupBy("day").Agg(Sum("n"), Max("r"));
        await Engine.ExplainAsync(df.Plan, CancellationToken.None); // resolves the snapshot, as every action does
        var offline = new DuckDbSqlCompiler(
            sql => throw new InvalidOperationException("the compiler asked DuckDB to describe: " + sql), Engine.CompileDeltaRead, Engine.DeltaColumnsOf);

        Assert.Equal(Engine.CompileToSql(df.Plan), offline.Compile(df.Plan));
        Assert.Equal(Engine.Describe(Engine.CompileToSql(df.Plan)), offline.Columns(df.Plan));
    }
}
