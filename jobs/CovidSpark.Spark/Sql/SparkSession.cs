using System.Collections.Immutable;
using CovidSpark.Spark.Engines;
using CovidSpark.Spark.Errors;
using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Sql.Types;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CovidSpark.Spark.Sql;

/// <summary>
/// The entry point: reads data, runs SQL and holds the session's temp views. One engine per session
/// (the embedded DuckDB engine or Spark Connect, chosen on the builder). Create with <see cref="Builder"/>; dispose when done.
/// </summary>
public sealed class SparkSession : IAsyncDisposable
{
    private readonly object _gate = new();
    private ImmutableList<NamedView> _views = [];

    internal SparkSession(ISparkEngine engine, string appName, ILoggerFactory loggerFactory)
    {
        Engine = engine;
        AppName = appName;
        LoggerFactory = loggerFactory;
    }

    /// <summary>Starts configuring a session.</summary>
    public static SparkSessionBuilder Builder() => new();

    public ISparkEngine Engine { get; }

    public string AppName { get; }

    public ILoggerFactory LoggerFactory { get; }

    /// <summary>Reads files into DataFrames.</summary>
    public DataFrameReader Read() => new(this);

    /// <summary>
    /// A DataFrame over a SQL query. The query sees the temp views registered so far (they are captured now:
    /// a view registered later is not visible to it). Write portable SQL: the text runs unchanged on every engine.
    /// As in Spark, the query is analysed now: on the embedded engine an invalid query fails here, not at the first action.
    /// </summary>
    public DataFrame Sql(string query)
    {
        if (string.IsNullOrWhiteSpace(query)) throw new ArgumentException("SQL query is empty.", nameof(query));
        var sql = new SqlQuery(query, [.. _views]);
        return new(this, sql with { Resolved = Engine.ResolveColumns(sql) });
    }

    /// <summary>The DataFrame of a temp view.</summary>
    /// <exception cref="AnalysisException">No view of that name.</exception>
    public DataFrame Table(string name)
    {
        var view = _views.LastOrDefault(v => v.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? throw new AnalysisException($"Table or view not found: {name}. Registered views: {string.Join(", ", _views.Select(v => v.Name).DefaultIfEmpty("(none)"))}");
        return new(this, view.Plan);
    }

    /// <summary>A DataFrame from rows held by the driver; every row must match the schema's width.</summary>
    public DataFrame CreateDataFrame(IEnumerable<object?[]> rows, StructType schema)
    {
        var list = rows.Select((r, i) => r.Length == schema.Fields.Length
            ? r.ToImmutableArray()
            : throw new ArgumentException($"Row {i} has {r.Length} values but the schema has {schema.Fields.Length} columns.", nameof(rows))).ToImmutableArray();
        return new(this, new LocalRelation(schema, list));
    }

    internal void RegisterView(string name, Relation plan)
    {
        if (string.IsNullOrWhiteSpace(name) || !name.All(c => char.IsLetterOrDigit(c) || c == '_'))
            throw new ArgumentException($"View name '{name}' must be letters, digits and underscores.", nameof(name));
        lock (_gate)
            _views = _views.RemoveAll(v => v.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Add(new NamedView(name, plan));
    }

    public ValueTask DisposeAsync() => Engine.DisposeAsync();
}

/// <summary>Configures a <see cref="SparkSession"/>.</summary>
public sealed class SparkSessionBuilder
{
    private string _appName = "covidspark";
    private ILoggerFactory _loggerFactory = NullLoggerFactory.Instance;
    private Func<ILoggerFactory, ISparkEngine>? _engineFactory;

    public SparkSessionBuilder AppName(string name) { _appName = name; return this; }

    public SparkSessionBuilder LoggerFactory(ILoggerFactory loggerFactory) { _loggerFactory = loggerFactory; return this; }

    /// <summary>Uses the given engine; engines add extension methods such as <c>UseDuckDb()</c> on top of this.</summary>
    public SparkSessionBuilder Engine(Func<ILoggerFactory, ISparkEngine> factory) { _engineFactory = factory; return this; }

    /// <summary>Creates the session on the engine chosen with <c>UseDuckDb()</c> or <c>UseSparkConnect(...)</c>.</summary>
    /// <exception cref="InvalidOperationException">No engine was chosen.</exception>
    public SparkSession GetOrCreate()
    {
        var factory = _engineFactory ?? throw new InvalidOperationException(
            "No engine chosen for the session: call UseDuckDb() (package CovidSpark.Spark.DuckDb, embedded) or " +
            "UseSparkConnect(\"sc://host:15002\") (package CovidSpark.Spark.Connect) on the builder before GetOrCreate().");
        return new SparkSession(factory(_loggerFactory), _appName, _loggerFactory);
    }
}
