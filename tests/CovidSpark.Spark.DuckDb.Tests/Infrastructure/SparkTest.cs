using System.Runtime.CompilerServices;
using CovidSpark.Spark.DuckDb;
using CovidSpark.Spark.Sql;
using CovidSpark.Spark.Sql.Types;

namespace CovidSpark.Spark.Tests.Infrastructure;

/// <summary>
/// Base of the tests: a fresh embedded session (in-memory DuckDB, two threads) and a temp directory per test,
/// both disposed after it. Sample data is small and typed, so every value in an assertion can be checked by eye.
/// </summary>
public abstract class SparkTest : IAsyncLifetime
{
    protected SparkSession Spark { get; } = SparkSession.Builder()
        .Engine(lf => new DuckDbEngine(new DuckDbOptions(Threads: 2), lf)).GetOrCreate();

    protected TempDir Temp { get; } = new();

    protected DuckDbEngine Engine => (DuckDbEngine)Spark.Engine;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Spark.DisposeAsync();
        Temp.Dispose();
    }

    protected static readonly DateOnly Mar1 = new(2020, 3, 1);
    protected static readonly DateOnly Mar2 = new(2020, 3, 2);

    /// <summary>One report date's rows of a small daily table: <c>report_date date, country string, confirmed bigint</c>.</summary>
    protected DataFrame Day(DateOnly date, params (string Country, long Confirmed)[] rows) => Spark.CreateDataFrame(
        rows.Select(r => new object?[] { date, r.Country, r.Confirmed }), StructType.FromDdl("report_date date, country string, confirmed bigint"));

    /// <summary>Writes <paramref name="df"/> to a Delta table replacing the report dates it holds (dynamic partition overwrite).</summary>
    protected static Task<long?> ReplaceDates(DataFrame df, string table) =>
        df.Write().Format("delta").Mode(Plan.SaveMode.Overwrite).Option("partitionOverwriteMode", "dynamic").PartitionBy("report_date").SaveAsync(table);

    /// <summary>
    /// Five location-days: Italy and Spain on two dates, Chad once; Spain misses a confirmed count on 03-02 and Chad
    /// has no deaths nor HDI.
    /// </summary>
    protected DataFrame Reports() => Spark.CreateDataFrame(
    [
        ["Italy", Mar1, 1000L, 30, 0.89],
        ["Italy", Mar2, 1500L, 40, 0.89],
        ["Spain", Mar1, 500L, 10, 0.9],
        ["Spain", Mar2, null, 12, 0.9],
        ["Chad", Mar2, 0L, null, null],
    ], StructType.FromDdl("country string, report_date date, confirmed bigint, deaths int, hdi double"));

    /// <summary>Country → continent, with one country (France) that has no reports and none for Chad.</summary>
    protected DataFrame Continents() => Spark.CreateDataFrame(
    [
        ["Italy", "Europe"],
        ["Spain", "Europe"],
        ["France", "Europe"],
    ], StructType.FromDdl("country string, continent string"));

    /// <summary>
    /// Compiles the DataFrame, compares the SQL with its golden file, checks that the columns the compiler derives from the
    /// plan are those DuckDB describes for the SQL, and runs it once on DuckDB.
    /// </summary>
    protected async Task<IReadOnlyList<Row>> MatchesGolden(DataFrame df, [CallerMemberName] string test = "")
    {
        var sql = Engine.CompileToSql(df.Plan);
        Snapshot.Match(sql, test, "duckdb", Temp.Path);
        Assert.Equal(Engine.Describe(sql), Engine.DerivedColumns(df.Plan));
        return await df.CollectAsync();
    }

    /// <summary>The rows as arrays of values, for <c>Assert.Equal</c> against literals.</summary>
    protected static async Task<object?[][]> Values(DataFrame df) =>
        [.. (await df.CollectAsync()).Select(r => r.Values)];

    /// <summary>The column names of a result.</summary>
    protected static async Task<string[]> Columns(DataFrame df) => [.. (await df.SchemaAsync()).Names];
}
