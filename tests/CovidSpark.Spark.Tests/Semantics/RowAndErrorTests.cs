using CovidSpark.Spark.DuckDb;
using System.Globalization;
using CovidSpark.Spark.Errors;
using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Sql;
using CovidSpark.Spark.Sql.Types;
using CovidSpark.Spark.Tests.Infrastructure;
using static CovidSpark.Spark.Sql.Functions;

namespace CovidSpark.Spark.Tests.Semantics;

/// <summary>Row value normalisation, typed errors with the context a user needs, and invariants checked when nodes are built.</summary>
public class RowAndErrorTests : SparkTest
{
    [Fact]
    public async Task Row_values_are_normalised_to_long_int_double_dateonly_datetime_and_null()
    {
        var row = (await Spark.Sql(
            "SELECT 1::TINYINT AS t, 2::SMALLINT AS s, 3::INTEGER AS i, 4::BIGINT AS b, 5::HUGEINT AS h, 6::UINTEGER AS u, " +
            "1.5::FLOAT AS f, 2.25::DECIMAL(10,2) AS m, DATE '2020-03-01' AS d, TIMESTAMP '2020-03-01 12:30:00' AS ts, " +
            "'x' AS v, true AS flag, NULL::INTEGER AS n").CollectAsync())[0];
        Assert.IsType<int>(row["t"]);
        Assert.IsType<int>(row["s"]);
        Assert.IsType<int>(row["i"]);
        Assert.IsType<long>(row["b"]);
        Assert.Equal(5L, row["h"]);
        Assert.Equal(6L, row["u"]);
        Assert.Equal(1.5, row["f"]);
        Assert.Equal(2.25, row["m"]);
        Assert.Equal(Mar1, row["d"]);
        Assert.Equal(new DateTime(2020, 3, 1, 12, 30, 0), row["ts"]);
        Assert.Equal("x", row["v"]);
        Assert.Equal(true, row["flag"]);
        Assert.Null(row["n"]);
        Assert.Equal(
            "t int, s int, i int, b bigint, h bigint, u bigint, f double, m double, d date, ts timestamp, v string, flag boolean, n int",
            row.Schema.ToDdl());
    }

    [Fact]
    public async Task Unsigned_and_timestamp_variants_have_the_same_schema_when_run_as_when_described()
    {
        var df = Spark.Sql(
            "SELECT 1::UTINYINT AS ut, 2::USMALLINT AS us, 3::UINTEGER AS ui, 4::UBIGINT AS ub, 5::UHUGEINT AS uh, " +
            "TIMESTAMPTZ '2020-03-01 12:30:00+00' AS tz, TIMESTAMP_NS '2020-03-01 12:30:00' AS ns, TIMESTAMP_MS '2020-03-01 12:30:00' AS ms, " +
            "TIMESTAMP_S '2020-03-01 12:30:00' AS s");
        var result = await df.ExecuteAsync();
        Assert.Equal("ut int, us int, ui bigint, ub bigint, uh bigint, tz timestamp, ns timestamp, ms timestamp, s timestamp", result.Schema.ToDdl());
        Assert.Equal(result.Schema, await df.SchemaAsync());
        var at = new DateTime(2020, 3, 1, 12, 30, 0);
        Assert.Equal([1, 2, 3L, 4L, 5L, at, at, at, at], result.Rows[0].Values);
    }

    [Fact]
    public async Task Row_lookup_is_case_insensitive_and_get_as_widens()
    {
        var row = (await Reports().CollectAsync())[0];
        Assert.Equal("Italy", row["COUNTRY"]);
        Assert.Equal(30L, row.GetAs<long>("deaths"));
        Assert.Equal(1000.0, row.GetAs<double>(2));
        Assert.Equal(5, row.Size);
        Assert.Equal("[Italy,2020-03-01,1000,30,0.89]", row.ToString());
    }

    [Fact]
    public async Task Row_get_as_null_is_default_and_a_wrong_type_names_the_column()
    {
        var row = (await Reports().Filter(Col("country").EqualTo("Chad")).CollectAsync())[0];
        Assert.Null(row.GetAs<int?>("deaths"));
        Assert.Null(row.GetAs<string>("hdi"));
        var e = Assert.Throws<InvalidCastException>(() => row.GetAs<DateOnly>("confirmed"));
        Assert.Contains("'confirmed'", e.Message);
        Assert.Contains("'country'", Assert.Throws<InvalidCastException>(() => row.GetAs<int>("country")).Message);
        var big = (await Spark.Sql("SELECT 9999999999 AS n").CollectAsync())[0];
        Assert.Contains("'n'", Assert.Throws<InvalidCastException>(() => big.GetAs<int>("n")).Message);
    }

    [Fact]
    public async Task Row_missing_column_lists_the_columns()
    {
        var row = (await Continents().CollectAsync())[0];
        var e = Assert.Throws<AnalysisException>(() => row["population"]);
        Assert.Contains("population", e.Message);
        Assert.Contains("country, continent", e.Message);
        Assert.Throws<AnalysisException>(() => row.GetAs<long>("population"));
    }

    [Fact]
    public async Task Duplicate_result_names_are_suffixed()
    {
        var a = Spark.CreateDataFrame([[1, "x"]], StructType.FromDdl("id int, v string"));
        var b = Spark.CreateDataFrame([[1, "y"]], StructType.FromDdl("id int, v string"));
        var row = (await a.Join(b, a["id"].EqualTo(b["id"])).CollectAsync())[0];
        Assert.Equal(["id", "v", "id_1", "v_1"], row.Schema.Names);
        Assert.Equal([1, "x", 1, "y"], row.Values);
    }

    [Fact]
    public async Task Unknown_function_is_not_supported_with_engine_and_name()
    {
        var df = Reports().Select(new Column(new FunctionCall("frobnicate", new ColumnRef("country"))));
        var e = await Assert.ThrowsAsync<OperationNotSupportedException>(() => df.CollectAsync());
        Assert.Equal("duckdb", e.Engine);
        Assert.Equal("function frobnicate", e.Operation);
        Assert.Equal("Not supported by engine duckdb: function frobnicate", e.Message);
        Assert.False(e.IsTransient);
    }

    [Fact]
    public void Supported_functions_are_listed_for_graceful_errors()
    {
        foreach (var name in new[] { "sum", "corr", "ln", "to_date", "datediff", "in", "like", "%", "concat", "isnan", "sqrt", "==", "<=>" })
            Assert.True(DuckDbSqlCompiler.SupportsFunction(name), name);
        Assert.False(DuckDbSqlCompiler.SupportsFunction("frobnicate"));
    }

    [Fact]
    public async Task Unsupported_literal_type_fails_at_compile_time()
    {
        var e = await Assert.ThrowsAsync<OperationNotSupportedException>(() => Reports().Select(Lit(Guid.Empty)).CollectAsync());
        Assert.Contains("Guid", e.Message);
    }

    [Fact]
    public void Table_not_found_lists_the_registered_views()
    {
        var none = Assert.Throws<AnalysisException>(() => Spark.Table("reports"));
        Assert.Contains("(none)", none.Message);
        Reports().CreateOrReplaceTempView("daily");
        Continents().CreateOrReplaceTempView("continents");
        var e = Assert.Throws<AnalysisException>(() => Spark.Table("reports"));
        Assert.Contains("Table or view not found: reports", e.Message);
        Assert.Contains("daily, continents", e.Message);
    }

    [Fact]
    public async Task A_sql_error_carries_the_sql_that_failed()
    {
        var e = await Assert.ThrowsAsync<DuckDbEngineException>(() => Reports().Select(Col("no_such_column")).CollectAsync());
        Assert.Contains("no_such_column", e.Message);
        Assert.Contains("\"no_such_column\"", e.Sql);
    }

    [Fact]
    public async Task Joining_dataframes_of_different_sessions_throws()
    {
        await using var other = SparkSession.Builder().UseDuckDb().GetOrCreate();
        var theirs = other.CreateDataFrame([["Italy", "Europe"]], StructType.FromDdl("country string, continent string"));
        Assert.Throws<InvalidOperationException>(() => Reports().Join(theirs, "country"));
        Assert.Throws<InvalidOperationException>(() => Reports().Join(theirs, Reports()["country"].EqualTo(theirs["country"])));
        Assert.Throws<InvalidOperationException>(() => Reports().CrossJoin(theirs));
        Assert.Throws<InvalidOperationException>(() => Continents().Union(theirs));
        Assert.Throws<InvalidOperationException>(() => Continents().UnionByName(theirs));
    }

    [Fact]
    public async Task Disposing_a_session_twice_is_harmless_and_using_it_afterwards_throws()
    {
        var session = SparkSession.Builder().UseDuckDb().GetOrCreate();
        Assert.Equal(1L, await session.Sql("SELECT 1").CountAsync());
        await session.DisposeAsync();
        await session.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => session.Sql("SELECT 1").CountAsync());
    }

    [Fact]
    public void When_and_otherwise_misuse_throws()
    {
        Assert.Throws<InvalidOperationException>(() => Col("x").When(Col("y").Gt(1), 1));
        Assert.Throws<InvalidOperationException>(() => Col("x").Otherwise(1));
        var done = When(Col("y").Gt(1), 1).Otherwise(0);
        Assert.Throws<InvalidOperationException>(() => done.When(Col("y").Gt(2), 2));
        Assert.Throws<InvalidOperationException>(() => done.Otherwise(3));
    }

    [Fact]
    public void Builder_arguments_are_checked_when_the_node_is_built()
    {
        Assert.Throws<ArgumentException>(() => Reports().Select(Array.Empty<Column>()));
        Assert.Throws<ArgumentException>(() => Reports().Join(Continents(), Array.Empty<string>()));
        var badType = Assert.Throws<ArgumentException>(() => Reports().Join(Continents(), "country", "sideways"));
        Assert.Contains("sideways", badType.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Reports().Limit(-1));
        Assert.Throws<ArgumentException>(() => Window.OrderBy("x").RowsBetween(1, -1));
        Assert.Throws<ArgumentException>(() => Reports().CreateOrReplaceTempView("bad name"));
        Assert.Throws<ArgumentException>(() => Spark.Sql(" "));
        Assert.Throws<ArgumentException>(() => Spark.CreateDataFrame([["a", 1]], StructType.FromDdl("only string")));
        Assert.Throws<ArgumentException>(() => StructType.FromDdl("a string, A int"));
        Assert.Throws<ArgumentException>(() => DataType.Parse("decimal"));
        Assert.Throws<ArgumentException>(() => Reports().Write().Mode("sometimes"));
        Assert.Throws<ArgumentException>(() => Reports().Write().Format("orc"));
        Assert.Throws<ArgumentException>(() => Spark.Read().Csv());
    }

    [Theory]
    [InlineData("inner", JoinType.Inner)]
    [InlineData("left_outer", JoinType.LeftOuter)]
    [InlineData("right", JoinType.RightOuter)]
    [InlineData("full_outer", JoinType.FullOuter)]
    [InlineData("outer", JoinType.FullOuter)]
    [InlineData("LeftSemi", JoinType.LeftSemi)]
    [InlineData("anti", JoinType.LeftAnti)]
    [InlineData("cross", JoinType.Cross)]
    public void Join_types_use_sparks_names(string name, JoinType expected) =>
        Assert.Equal(expected, DataFrame.ParseJoinType(name));

    [Fact]
    public void Transformations_are_pure_and_build_new_plans()
    {
        var df = Reports();
        var filtered = df.Filter(Col("deaths").Gt(1));
        Assert.NotSame(df.Plan, filtered.Plan);
        Assert.Same(df.Plan, ((Filter)filtered.Plan).Input);
        Assert.IsType<LocalRelation>(df.Plan);
    }

    [Fact]
    public void Expression_names_follow_spark()
    {
        Assert.Equal("sum(confirmed)", ExprNames.Of(Sum("confirmed").Expr));
        Assert.Equal("count(1)", ExprNames.Of(Count("*").Expr));
        Assert.Equal("((a + 1) = b)", ExprNames.Of((Col("a") + 1).EqualTo(Col("b")).Expr));
        Assert.Equal("(a AND (NOT b))", ExprNames.Of(Col("a").And(!Col("b")).Expr));
        Assert.Equal("CAST(a AS BIGINT)", ExprNames.Of(Col("a").Cast("bigint").Expr));
        Assert.Equal("(a IS NULL)", ExprNames.Of(Col("a").IsNull().Expr));
        Assert.Equal("CASE WHEN (a > 1) THEN x ELSE y END", ExprNames.Of(When(Col("a").Gt(1), "x").Otherwise("y").Expr));
        Assert.Equal("2.5", ExprNames.Of(Lit(2.5).Expr));
    }

    [Fact]
    public async Task Date_literals_do_not_depend_on_the_current_culture()
    {
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("th-TH");
        try
        {
            var row = (await Reports().Filter(Col("report_date").EqualTo(Lit(Mar1))).Select(Lit(Mar2).Alias("d")).CollectAsync())[0];
            Assert.Equal(Mar2, row["d"]);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }
}
