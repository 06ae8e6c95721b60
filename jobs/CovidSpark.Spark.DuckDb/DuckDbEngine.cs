using CovidSpark.Spark.Engines;
using CovidSpark.Spark.Errors;
using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Sql;
using CovidSpark.Spark.Sql.Types;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Spark.DuckDb;

/// <summary>
/// The embedded engine: compiles plans to DuckDB SQL and runs them in-process through DuckDB.NET.
/// One connection per session; calls are serialised (DuckDB parallelises each query internally).
/// </summary>
public sealed partial class DuckDbEngine : ISparkEngine
{
    private readonly DuckDBConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _disposed;
    private readonly ILogger _logger;
    private readonly bool _deterministicAggregates;
    private readonly TimeProvider _time;

    public DuckDbEngine(DuckDbOptions options, ILoggerFactory loggerFactory)
    {
        _logger = loggerFactory.CreateLogger("CovidSpark.Spark.DuckDb");
        _deterministicAggregates = options.DeterministicAggregates;
        _time = options.Time ?? TimeProvider.System;
        _connection = new DuckDBConnection("DataSource=" + (options.DatabasePath ?? ":memory:"));
        _connection.Open();
        // Offline hygiene: never try to download extensions (parquet, json, icu are built in).
        Run("SET autoinstall_known_extensions = false");
        Run("SET autoload_known_extensions = false");
        Run("SET preserve_insertion_order = true");
        // Spark orders NULLs first when ascending and last when descending, also in SQL text.
        Run("SET default_null_order = 'nulls_first_on_asc_last_on_desc'");
        if (options.Threads is { } t) Run($"SET threads = {t}");
        if (options.MemoryLimit is { } m) Run($"SET memory_limit = {DuckDbDialect.QuoteString(m)}");
        if (options.TempDirectory is { } d) Run($"SET temp_directory = {DuckDbDialect.QuoteString(d)}");
    }

    public string Name => DuckDbDialect.EngineName;

    /// <summary>
    /// Compiles a plan to the SQL this engine would run, without asking DuckDB: leaves with columns in files or SQL text carry
    /// them (<see cref="ResolveColumns"/>), Delta reads take theirs from the snapshot resolved before compiling.
    /// </summary>
    public string CompileToSql(Relation plan) => NewCompiler().Compile(plan);

    /// <summary>The columns of a plan with DuckDB's type names, derived by the compiler from the plan (Delta reads from the log).</summary>
    internal IReadOnlyList<(string Name, string Type)> DerivedColumns(Relation plan) => NewCompiler().Columns(plan);

    private DuckDbSqlCompiler NewCompiler() => new(CompileDeltaRead, DeltaColumnsOf, CompileDeltaPartitionValues);

    public async Task<QueryResult> ExecuteAsync(Relation plan, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ResolveDeltaReadsAsync(plan, cancellationToken).ConfigureAwait(false);
            var sql = CompileToSql(plan);
            LogQuery(_logger, sql.Length);
            using var oneThread = OneThreadIf(IsOrderSensitive(plan));
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = sql;
            using var reg = cancellationToken.Register(() => { try { cmd.Cancel(); } catch (ObjectDisposedException) { } });
            try
            {
                using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                var fields = Enumerable.Range(0, reader.FieldCount)
                    .Select(i => new StructField(reader.GetName(i), DuckDbTypes.FromDuckDb(reader.GetDataTypeName(i)))).ToList();
                var schema = new StructType(Dedupe(fields));
                var rows = new List<object?[]>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var values = new object?[fields.Count];
                    for (var i = 0; i < values.Length; i++)
                        values[i] = reader.IsDBNull(i) ? null : DuckDbTypes.Normalise(reader.GetValue(i), fields[i].DataType);
                    rows.Add(values);
                }
                return new QueryResult(schema, Row.CreateRows(schema, rows));
            }
            catch (DuckDBException e)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw new DuckDbEngineException("DuckDB could not run the query", sql, e);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Joins may return the same name twice (Spark allows it); results keep the first and suffix the rest.</summary>
    private static IEnumerable<StructField> Dedupe(List<StructField> fields) =>
        fields.Zip(DuckDbDialect.UniqueNames(fields.Select(f => f.Name)), (f, name) => f with { Name = name });

    public async Task<StructType> SchemaAsync(Relation plan, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ResolveDeltaReadsAsync(plan, cancellationToken).ConfigureAwait(false);
            return new(Dedupe([.. DerivedColumns(plan).Select(c => new StructField(c.Name, DuckDbTypes.FromDuckDb(c.Type)))]));
        }
        finally { _gate.Release(); }
    }

    public async Task<string> ExplainAsync(Relation plan, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ResolveDeltaReadsAsync(plan, cancellationToken).ConfigureAwait(false);
            return CompileToSql(plan);
        }
        finally { _gate.Release(); }
    }

    /// <summary>Column names and DuckDB type names of a query, bound but not run.</summary>
    internal IReadOnlyList<(string Name, string Type)> Describe(string s)
    {
        try
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "DESCRIBE " + s;
            using var reader = cmd.ExecuteReader();
            var cols = new List<(string, string)>();
            while (reader.Read()) cols.Add((reader.GetString(0), reader.GetString(1)));
            return cols;
        }
        catch (DuckDBException e)
        {
            throw new DuckDbEngineException("DuckDB could not resolve the columns of a query", s, e);
        }
    }

    private void Run(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private long ExecuteNonQuery(string sql, CancellationToken cancellationToken)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        using var reg = cancellationToken.Register(() => { try { cmd.Cancel(); } catch (ObjectDisposedException) { } });
        // A token cancelled before the statement starts (while compiling) interrupts nothing: DuckDB clears the interrupt
        // when a statement begins, so a long write would run to the end. Check before starting.
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var rows = cmd.ExecuteNonQuery();
            LogStatement(_logger, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, sql.Length > 160 ? sql[..160] + "..." : sql);
            return rows;
        }
        catch (DuckDBException e)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new DuckDbEngineException("DuckDB could not run the statement", sql, e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Idempotent, as IAsyncDisposable asks: `await using` plus an explicit DisposeAsync must not throw.
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _gate.WaitAsync().ConfigureAwait(false);
        try { await _connection.DisposeAsync().ConfigureAwait(false); }
        finally { _gate.Release(); _gate.Dispose(); }
    }

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "DuckDB statement took {ElapsedMs:F0} ms: {Statement}")]
    private static partial void LogStatement(ILogger logger, double elapsedMs, string statement);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Running DuckDB query ({SqlLength} characters)")]
    private static partial void LogQuery(ILogger logger, int sqlLength);
}
