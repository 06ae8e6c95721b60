using CovidSpark.Spark.Connect;
using CovidSpark.Spark.Connect.Compiler;
using CovidSpark.Spark.Errors;
using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Plan.Catalogue;
using CovidSpark.Spark.Sql;
using CovidSpark.Spark.Sql.Types;
using static CovidSpark.Spark.Sql.Functions;
using ProtoPlan = CovidSpark.Spark.Connect.Proto.Plan;

namespace CovidSpark.Connect.Tests;

/// <summary>Compiler rules checked on the messages themselves (no server, no DuckDB).</summary>
public sealed class CompilerTests : IAsyncLifetime
{
    private SparkSession _spark = null!;

    public Task InitializeAsync()
    {
        // Dry run: the session only builds plans here.
        _spark = SparkSession.Builder().UseSparkConnect("sc://unused", o => o with { DryRun = true }).GetOrCreate();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _spark.DisposeAsync();

    private DataFrame Cases() => _spark.Read().Schema("iso3 string, confirmed bigint").Csv("s3://b/cases.csv");

    private static IReadOnlyList<ProtoPlan> Compile(Relation plan, PlanIdGenerator? ids = null) =>
        [.. SparkConnectPlans.CompileQuery(plan, ids).Select(r => ProtoPlan.Parser.ParseFrom(r.Plan.Span))];

    [Fact]
    public void Plan_ids_come_from_the_session_generator_in_compile_order()
    {
        var df = Cases().Filter(Col("confirmed").Gt(0)).Limit(5);
        var ids = new PlanIdGenerator(first: 10);

        var first = Compile(df.Plan, ids)[0].Root;
        var second = Compile(df.Plan, ids)[0].Root;

        Assert.Equal([10L, 11L, 12L], new[] { first.Common.PlanId, first.Limit.Input.Common.PlanId, first.Limit.Input.Filter.Input.Common.PlanId });
        Assert.Equal(13L, second.Common.PlanId); // same session: never reused
        Assert.Equal(Compile(df.Plan)[0], Compile(df.Plan)[0]); // fresh generators: identical plans
    }

    [Fact]
    public void A_relation_used_twice_keeps_one_plan_id()
    {
        var cases = Cases();
        var root = Compile(cases.Union(cases).Plan)[0].Root;

        Assert.Equal(root.SetOp.LeftInput.Common.PlanId, root.SetOp.RightInput.Common.PlanId);
        Assert.NotEqual(root.Common.PlanId, root.SetOp.LeftInput.Common.PlanId);
    }

    [Fact]
    public void Unknown_functions_fail_at_compile_time_naming_the_function()
    {
        var plan = new Project(Cases().Plan, [new FunctionCall("soundex", new ColumnRef("iso3"))]);

        var e = Assert.Throws<OperationNotSupportedException>(() => SparkConnectPlans.CompileQuery(plan));

        Assert.Equal("spark", e.Engine);
        Assert.Contains("function soundex", e.Message);
    }

    [Fact]
    public void Every_function_of_the_public_api_compiles()
    {
        var c = Col("confirmed");
        var w = Window.PartitionBy("iso3").OrderBy("confirmed");
        Column[] columns =
        [
            Sum(c), Avg(c), Count(c), CountDistinct(c), Max(c), Min(c), Corr(c, c), StddevSamp(c), StddevPop(c), VarSamp(c), First(c),
            Coalesce(c, Lit(0L)), Greatest(c, c), Least(c, c), Abs(c), Sqrt(c), Exp(c), Log(c), Pow(c, 2), Round(c, 1), Floor(c), Ceil(c),
            Upper(Col("iso3")), Lower(Col("iso3")), Trim(Col("iso3")), Length(Col("iso3")), Concat(Col("iso3"), Lit("-")),
            Substring(Col("iso3"), 1, 2), Nanvl(c, Lit(0.0)), ToDate(Col("iso3")), ToDate(Col("iso3"), "yyyy-MM-dd"),
            ToTimestamp(Col("iso3"), "yyyy-MM-dd HH:mm:ss"), Year(Col("d")), Month(Col("d")), DayOfMonth(Col("d")), DateAdd(Col("d"), 1),
            DateDiff(Col("d"), Col("d")), Lag(c).Over(w), Lead(c).Over(w), RowNumber().Over(w), Rank().Over(w), DenseRank().Over(w),
            c.EqualTo(1), c.NotEqual(1), c.EqNullSafe(1), c.Gt(1), c.Lt(1), c.Geq(1), c.Leq(1), c.Between(1, 2), c.IsNull(), c.IsNotNull(),
            c.IsNaN(), c.IsIn(1, 2), Col("iso3").Like("D%"), Col("iso3").StartsWith("D"), Col("iso3").Contains("E"),
            c + 1, c - 1, c * 2, c / 2, c % 2, -c, !(c > 1), (c > 1) & (c < 5), (c > 1) | (c < 5),
            When(c > 1, "big").When(c > 0, "small").Otherwise("none"), c.Cast("double"),
        ];

        var compiled = SparkConnectPlans.CompileQuery(Cases().Select(columns).Plan);

        Assert.Single(compiled);
    }

    [Fact]
    public void Every_catalogue_function_has_a_spark_connect_emission_and_the_compiler_emits_no_other()
    {
        var emitted = SparkFunctions.PassThrough.Concat(SparkConnectCompiler.Rewrites.Keys).ToList();

        var missing = FunctionCatalogue.Names.Where(n => !emitted.Contains(n)).ToList();
        var extra = emitted.Where(n => !FunctionCatalogue.Contains(n)).Order().ToList();
        var twice = SparkFunctions.PassThrough.Intersect(SparkConnectCompiler.Rewrites.Keys).ToList();

        Assert.True(missing.Count == 0, "Catalogue functions without a Spark Connect emission: " + string.Join(", ", missing));
        Assert.True(extra.Count == 0, "Spark Connect emits functions the catalogue lacks: " + string.Join(", ", extra));
        Assert.True(twice.Count == 0, "Both passed through and rewritten: " + string.Join(", ", twice));
        Assert.All(FunctionCatalogue.Names, n => Assert.True(SparkFunctions.Supports(n), n));
    }

    [Fact]
    public void Each_parity_row_of_the_catalogue_names_a_golden_plan_case()
    {
        var snapshots = Path.Combine(RepoRoot.Path, "tests", "CovidSpark.Spark.Connect.Tests", "Snapshots");
        var notes = FunctionCatalogue.All.SelectMany(f => f.Parity).ToList();

        Assert.NotEmpty(notes);
        Assert.All(notes, n => Assert.True(File.Exists(Path.Combine(snapshots, n.SparkCase, "spark-connect", "plan.json")),
            $"{n.Call}: no golden plan case {n.SparkCase} under {snapshots}"));
    }

    [Fact]
    public void Unaliased_expressions_get_the_duckdb_engine_output_names()
    {
        var root = Compile(Cases().GroupBy("iso3").Agg(Sum("confirmed"), Count(Col("*"))).Plan)[0].Root;

        Assert.Equal("iso3", root.Aggregate.GroupingExpressions[0].UnresolvedAttribute.UnparsedIdentifier);
        Assert.Equal(["sum(confirmed)"], root.Aggregate.AggregateExpressions[0].Alias.Name);
        Assert.Equal(["count(1)"], root.Aggregate.AggregateExpressions[1].Alias.Name);
        Assert.Equal(1, root.Aggregate.AggregateExpressions[1].Alias.Expr.UnresolvedFunction.Arguments[0].Literal.Integer);
    }

    [Fact]
    public void Column_names_that_are_not_identifiers_are_backquoted()
    {
        Assert.Equal("iso3", SparkConnectCompiler.QuoteIdentifier("iso3"));
        Assert.Equal("`count(1)`", SparkConnectCompiler.QuoteIdentifier("count(1)"));
        Assert.Equal("`a``b`", SparkConnectCompiler.QuoteIdentifier("a`b"));
        Assert.Equal("`Province/State`", SparkConnectCompiler.QuoteIdentifier("Province/State"));
    }

    [Fact]
    public void Ddl_schemas_quote_names_that_are_not_identifiers()
    {
        var schema = StructType.FromDdl("iso3 string, confirmed bigint");
        schema = new StructType([.. schema.Fields, new StructField("Province/State", StringType.Instance)]);

        var read = Compile(_spark.Read().Schema(schema).Csv("s3://b/x.csv").Plan)[0].Root.Read.DataSource;
        var local = Compile(_spark.CreateDataFrame([["DEU", 1L, null]], schema).Plan)[0].Root.LocalRelation;

        Assert.Equal("iso3 string, confirmed bigint, `Province/State` string", read.Schema);
        Assert.Equal(read.Schema, local.Schema);
    }

    [Fact]
    public void A_view_read_by_a_sql_view_keeps_the_version_it_saw()
    {
        Cases().CreateOrReplaceTempView("cases");
        _spark.Sql("SELECT iso3 FROM cases").CreateOrReplaceTempView("countries");
        Cases().Filter(Col("confirmed").Gt(0)).CreateOrReplaceTempView("cases"); // re-registered after countries was built
        var df = _spark.Sql("SELECT * FROM countries JOIN cases USING (iso3)");

        var plans = Compile(df.Plan);

        // old cases, countries (analysed now, binding the old cases), new cases, then the query.
        Assert.Equal(["cases", "countries", "cases"], plans.Take(3).Select(p => p.Command.CreateDataframeView.Name));
        Assert.NotNull(plans[0].Command.CreateDataframeView.Input.Read);
        Assert.NotNull(plans[2].Command.CreateDataframeView.Input.Filter);
        Assert.Equal("SELECT * FROM countries JOIN cases USING (iso3)", plans[3].Root.Sql.Query);
    }

    [Fact]
    public void Two_sql_queries_of_one_plan_that_need_different_versions_of_a_view_are_refused()
    {
        Cases().CreateOrReplaceTempView("cases");
        var before = _spark.Sql("SELECT iso3 FROM cases");
        Cases().Filter(Col("confirmed").Gt(0)).CreateOrReplaceTempView("cases");
        var after = _spark.Sql("SELECT iso3 FROM cases");

        var e = Assert.Throws<OperationNotSupportedException>(() => SparkConnectPlans.CompileQuery(before.Union(after).Plan));

        Assert.Contains("temp view 'cases'", e.Message);
    }

    [Fact]
    public void Literals_keep_their_types()
    {
        var root = Compile(Cases().Select(Lit(1), Lit(2L), Lit(1.5), Lit("x"), Lit(true), Lit(new DateOnly(1970, 1, 2)),
            Lit(new DateTime(1970, 1, 1, 0, 0, 1)), Lit(null)).Plan)[0].Root;

        var literals = root.Project.Expressions.Select(e => e.Alias.Expr.Literal).ToList();
        Assert.Equal(1, literals[0].Integer);
        Assert.Equal(2L, literals[1].Long);
        Assert.Equal(1.5, literals[2].Double);
        Assert.Equal("x", literals[3].String);
        Assert.True(literals[4].Boolean);
        Assert.Equal(1, literals[5].Date);
        Assert.Equal(1_000_000L, literals[6].Timestamp);
        Assert.NotNull(literals[7].Null);
    }

    [Fact]
    public async Task Dry_run_sends_nothing_and_returns_empty_results()
    {
        var result = await Cases().ExecuteAsync();

        Assert.Empty(result.Rows);
        Assert.Null(await Cases().Write().ParquetAsync("s3://b/out"));
    }

    [Fact]
    public async Task Explain_prints_every_plan_the_action_would_send()
    {
        Cases().CreateOrReplaceTempView("cases");

        var text = await _spark.Sql("SELECT count(*) FROM cases").ExplainAsync();

        Assert.StartsWith("-- 0001-command", text);
        Assert.Contains("-- 0002-query", text);
        Assert.Contains("\"query\": \"SELECT count(*) FROM cases\"", text);
    }
}
