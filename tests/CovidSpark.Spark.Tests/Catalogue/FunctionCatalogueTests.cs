using System.Globalization;
using System.Reflection;
using System.Text;
using CovidSpark.Spark.DuckDb;
using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Plan.Catalogue;
using CovidSpark.Spark.Sql;
using CovidSpark.Spark.Sql.Types;
using CovidSpark.Spark.Tests.Infrastructure;
using static CovidSpark.Spark.Sql.Functions;

namespace CovidSpark.Spark.Tests.Catalogue;

/// <summary>
/// The function catalogue against the DuckDB engine and the docs: every catalogue function has a DuckDB emission and the
/// engine emits nothing else; the catalogue's result types are the types DuckDB returns; docs/spark-connect.md's function
/// tables are generated from the catalogue (<c>UPDATE_SNAPSHOTS=1</c> rewrites them) and each parity row names a value test here.
/// </summary>
public class FunctionCatalogueTests : SparkTest
{
    [Fact]
    public void Every_catalogue_function_has_a_duckdb_emission_and_the_engine_emits_no_other()
    {
        var missing = FunctionCatalogue.Names.Where(n => !DuckDbFunctions.Emitters.ContainsKey(n)).ToList();
        var extra = DuckDbFunctions.Emitters.Keys.Where(n => !FunctionCatalogue.Contains(n)).Order().ToList();

        Assert.True(missing.Count == 0, "Catalogue functions without a DuckDB emission: " + string.Join(", ", missing));
        Assert.True(extra.Count == 0, "DuckDB emits functions the catalogue lacks: " + string.Join(", ", extra));
        Assert.All(FunctionCatalogue.Names, n => Assert.True(DuckDbSqlCompiler.SupportsFunction(n), n));
    }

    [Fact]
    public void Calls_are_checked_against_the_catalogue_when_built()
    {
        var unknown = Assert.Throws<ArgumentException>(() => FunctionCatalogue.Call("frobnicate", new ColumnRef("x")));
        Assert.Contains("'frobnicate' is not in the function catalogue", unknown.Message);
        var arity = Assert.Throws<ArgumentException>(() => FunctionCatalogue.Call("round", new ColumnRef("x")));
        Assert.Contains("'round' takes 2 argument(s), got 1", arity.Message);
        Assert.Contains("takes 1 to any number of", Assert.Throws<ArgumentException>(() => FunctionCatalogue.Call("in")).Message);
    }

    [Fact]
    public void Every_name_an_api_wrapper_builds_is_in_the_catalogue()
    {
        var c = Col("x");
        Column[] built =
        [
            c.EqualTo(1), c.NotEqual(1), c.EqNullSafe(1), c.Gt(1), c.Lt(1), c.Geq(1), c.Leq(1), c.Between(1, 2), c.IsNull(), c.IsNotNull(),
            c.IsNaN(), c.IsIn(1), c.Like("a"), c.StartsWith("a"), c.Contains("a"), c + 1, c - 1, c * 1, c / 1, c % 1, -c, !c, c & c, c | c,
            Sum(c), Avg(c), Count(c), CountDistinct(c), Max(c), Min(c), Corr(c, c), StddevSamp(c), StddevPop(c), VarSamp(c), First(c),
            Coalesce(c, c), Greatest(c, c), Least(c, c), Abs(c), Sqrt(c), Exp(c), Log(c), Pow(c, 2), Round(c, 1), Floor(c), Ceil(c),
            Upper(c), Lower(c), Trim(c), Length(c), Concat(c, c), Substring(c, 1, 2), Nanvl(c, c),
            Lag(c), Lag(c, 1, 0), Lead(c), RowNumber(), Rank(), DenseRank(),
            ToDate(c), ToDate(c, "yyyy"), ToTimestamp(c, "yyyy"), Year(c), Month(c), DayOfMonth(c), DateAdd(c, 1), DateDiff(c, c),
        ];
        var names = built.SelectMany(b => Calls(b.Expr)).Select(f => f.Name).ToHashSet();

        Assert.All(names, n => Assert.True(FunctionCatalogue.Contains(n), n));
        var notBuilt = FunctionCatalogue.All.Where(f => !f.LoweringOnly && !names.Contains(f.Name)).Select(f => f.Name).ToList();
        Assert.True(notBuilt.Count == 0, "Catalogue functions no wrapper builds (mark them LoweringOnly or add a wrapper): " + string.Join(", ", notBuilt));
    }

    private static IEnumerable<FunctionCall> Calls(Expr e) => e switch
    {
        FunctionCall f => f.Args.SelectMany(Calls).Prepend(f),
        _ => [],
    };

    [Fact]
    public async Task Result_types_of_the_catalogue_are_the_types_the_engine_returns()
    {
        var df = Spark.CreateDataFrame([[1, 2L, 0.5, "2020-03-01", Mar1, true]],
            StructType.FromDdl("i int, l bigint, d double, s string, dt date, b boolean"));
        var (i, l, d, s, dt, b) = (Col("i"), Col("l"), Col("d"), Col("s"), Col("dt"), Col("b"));
        Column[] scalars =
        [
            i + i, i + l, l + d, i * i, i - d, i / i, i % i, l % l, -i, -d, i.EqualTo(l), b & b, i.IsNull(), i.IsIn(1, 2), s.Like("2%"),
            Coalesce(i, l), Greatest(i, d), Least(l, l), Abs(i), Abs(d), Sqrt(i), Exp(d), Pow(i, 2), Round(i, -1), Round(l, 1), Round(d, 1),
            Floor(d), Ceil(i), Log(d), Upper(s), Length(s), Concat(s, s), Substring(s, 1, 2), d.IsNaN(), Nanvl(d, d), s.StartsWith("2"),
            Year(dt), Month(dt), DayOfMonth(dt), DateAdd(dt, 1), DateDiff(dt, dt), ToDate(s), ToDate(s, "yyyy-MM-dd"), ToTimestamp(s, "yyyy-MM-dd"),
        ];
        Column[] aggregates = [Sum(i), Sum(l), Sum(d), Avg(i), Count(i), Max(i), Min(s), First(dt), Corr(i, d), StddevSamp(i), StddevPop(l), VarSamp(d)];
        Column[] windows = [Lag(i).Over(Window.OrderBy("i")), Lead(s).Over(Window.OrderBy("i")), RowNumber().Over(Window.OrderBy("i")),
            Rank().Over(Window.OrderBy("i")), DenseRank().Over(Window.OrderBy("i"))];

        var input = await df.SchemaAsync();
        DataType? ColumnType(string name) => input.Fields.First(f => f.Name == name).DataType;
        foreach (var (columns, frame) in new[] { (scalars, df.Select(Aliased(scalars))), (aggregates, df.Agg(Aliased(aggregates)[0], Aliased(aggregates)[1..])), (windows, df.Select(Aliased(windows))) })
        {
            var actual = await frame.SchemaAsync();
            for (var k = 0; k < columns.Length; k++)
                Assert.True(ExprTypes.Of(columns[k].Expr, ColumnType) == actual.Fields[k].DataType,
                    $"{columns[k]}: the catalogue says {ExprTypes.Of(columns[k].Expr, ColumnType)}, DuckDB returns {actual.Fields[k].DataType}");
        }
    }

    private static Column[] Aliased(Column[] columns) => [.. columns.Select((c, k) => c.Alias("c" + k.ToString(CultureInfo.InvariantCulture)))];

    [Fact]
    public void The_corr_guard_is_spelled_for_hand_written_sql_from_the_lowering_rule() =>
        Assert.Equal("CASE WHEN REGR_SXX(c.y, x) > 0 AND REGR_SYY(c.y, x) > 0 THEN CORR(x, c.y) END", SparkSqlText.Lowered("corr", "x", "c.y"));

    [Fact]
    public void Each_parity_row_names_a_duckdb_value_test_of_the_api_or_engine_tests()
    {
        // The value tests live in this project (API semantics) and in the engine's (SQL goldens): read both projects' sources.
        var projects = new[] { "CovidSpark.Spark.Tests", "CovidSpark.Spark.DuckDb.Tests" };
        var sources = projects.SelectMany(p => Directory.EnumerateFiles(RepoRoot.Combine("tests", p), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj")).Select(File.ReadAllText).ToList();
        var notes = FunctionCatalogue.All.SelectMany(f => f.Parity).ToList();

        Assert.NotEmpty(notes);
        Assert.All(notes, n => Assert.True(sources.Any(s => s.Contains($" {n.DuckDbTest}(", StringComparison.Ordinal)),
            $"{n.Call}: no test method {n.DuckDbTest} in {string.Join(" or ", projects.Select(p => "tests/" + p))}"));
    }

    [Fact]
    public void The_function_tables_in_the_docs_are_generated_from_the_catalogue()
    {
        var path = RepoRoot.Combine("docs", "spark-connect.md");
        var docs = File.ReadAllText(path);
        var updated = Replace(Replace(docs, "function-parity", ParityTable()), "function-catalogue", CatalogueTable());
        if (updated != docs && Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1") File.WriteAllText(path, updated);
        else Assert.True(updated == docs,
            "docs/spark-connect.md's function tables differ from FunctionCatalogue; rewrite them with " +
            "UPDATE_SNAPSHOTS=1 dotnet test tests/CovidSpark.Spark.Tests --filter FunctionCatalogueTests and review the diff");
    }

    private static string Replace(string docs, string name, string table)
    {
        var (begin, end) = ($"<!-- BEGIN {name} (generated from FunctionCatalogue by FunctionCatalogueTests) -->\n", $"<!-- END {name} -->");
        var a = docs.IndexOf(begin, StringComparison.Ordinal);
        var b = docs.IndexOf(end, StringComparison.Ordinal);
        Assert.True(a >= 0 && b > a, $"docs/spark-connect.md has no '{begin.TrimEnd()}' … '{end}' section");
        return docs[..(a + begin.Length)] + table + docs[b..];
    }

    private static string ParityTable()
    {
        var sb = new StringBuilder("| Function | Spark (what both engines return) | DuckDB builtin alone | DuckDB value test | Spark plan golden case |\n|---|---|---|---|---|\n");
        foreach (var n in FunctionCatalogue.All.SelectMany(f => f.Parity))
            sb.Append(CultureInfo.InvariantCulture, $"| `{n.Call}` | {n.Spark} | {n.DuckDbBuiltin} | `{n.DuckDbTest}` | `{n.SparkCase}` |\n");
        return sb.ToString();
    }

    private static string CatalogueTable()
    {
        var sb = new StringBuilder("| Function | Kind | Arguments | Result type |\n|---|---|---|---|\n");
        foreach (var f in FunctionCatalogue.All)
        {
            var args = f.MaxArgs == f.MinArgs ? $"{f.MinArgs}" : f.MaxArgs is { } max ? $"{f.MinArgs}–{max}" : $"{f.MinArgs} or more";
            var name = f.Name.Replace("|", "\\|", StringComparison.Ordinal);
            sb.Append(CultureInfo.InvariantCulture, $"| `{name}` | {f.Kind.ToString().ToLowerInvariant()}{(f.LoweringOnly ? " (lowering only)" : "")} | {args} | {f.ResultType.Description} |\n");
        }
        return sb.ToString();
    }
}
