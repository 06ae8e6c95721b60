using CovidSpark.Spark.Connect.Compiler;
using CovidSpark.Spark.Connect.Proto;
using CovidSpark.Spark.Connect.Recording;
using CovidSpark.Spark.Connect.Results;
using CovidSpark.Spark.Connect.Transport;
using CovidSpark.Spark.Engines;
using CovidSpark.Spark.Errors;
using CovidSpark.Spark.Sql;
using CovidSpark.Spark.Sql.Types;
using Microsoft.Extensions.Logging;
using Relation = CovidSpark.Spark.Plan.Relation;
using WriteCommand = CovidSpark.Spark.Plan.WriteCommand;

namespace CovidSpark.Spark.Connect;

/// <summary>
/// Runs plans on Apache Spark (3.5 or 4.x) through Spark Connect. Each action compiles the plan to Spark Connect
/// messages (temp views first, as <c>CreateDataFrameView</c> commands), optionally records them
/// (<see cref="SparkConnectOptions.PlanRecorder"/>), sends them in the session of the connection string and
/// decodes the Arrow batches into rows normalised like the DuckDB engine's. Thread-safe; dispose to close the channel.
/// </summary>
/// <remarks>
/// Failures surface as <see cref="Errors.SparkConnectServerException"/> (Spark's error class and SQL state
/// included), compile-time gaps as <see cref="OperationNotSupportedException"/>; cancellation interrupts the
/// running operation on the server.
/// </remarks>
public sealed partial class SparkConnectEngine : ISparkEngine
{
    private readonly SparkConnectOptions _options;
    private readonly SparkConnectClient? _client;
    // Temp views are session-wide on the server: an action that registers views holds this until its query has
    // run, so a concurrent action cannot re-register a name in between.
    private readonly SemaphoreSlim _viewGate = new(1, 1);
    private readonly SemaphoreSlim _sessionGate = new(1, 1);
    private readonly ILogger _logger;
    private SparkTarget? _target;
    private int _sequence;

    /// <summary>Creates the engine; no connection is made until the first action.</summary>
    public SparkConnectEngine(SparkConnectOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = loggerFactory.CreateLogger("CovidSpark.Spark.Connect");
        if (!options.DryRun) _client = new SparkConnectClient(options, _logger);
    }

    /// <inheritdoc/>
    public string Name => ProtoTypes.EngineName;

    /// <summary>The connection this engine uses (printable: secrets are masked by its ToString).</summary>
    public SparkConnectConnectionString Connection => _options.Connection;

    /// <inheritdoc/>
    public async Task<QueryResult> ExecuteAsync(Relation plan, CancellationToken cancellationToken)
    {
        var compiled = new SparkConnectCompiler(_options.PlanIds, await TargetAsync(cancellationToken).ConfigureAwait(false)).CompileQuery(plan);
        using var views = await LockViewsAsync(compiled, cancellationToken).ConfigureAwait(false);
        await RunSetupAsync(compiled, cancellationToken).ConfigureAwait(false);
        return await RunQueryAsync(compiled.Main, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records and runs a query plan; its Arrow batches decoded into rows (none in a dry run).</summary>
    private async Task<QueryResult> RunQueryAsync(Proto.Plan plan, CancellationToken cancellationToken)
    {
        await RecordAsync(PlanKind.Query, plan, cancellationToken).ConfigureAwait(false);
        if (_client is null) return new QueryResult(new StructType([]), []);
        var reader = new ArrowResultReader();
        StructType? declared = null;
        await foreach (var response in _client.ExecuteAsync(plan, "query", cancellationToken).ConfigureAwait(false))
        {
            if (response.Schema is { } s) declared ??= ProtoTypes.StructFromProto(s);
            if (response.ResponseTypeCase == ExecutePlanResponse.ResponseTypeOneofCase.ArrowBatch)
                reader.Add(response.ArrowBatch.Data.Memory);
        }
        var schema = reader.Schema ?? declared
            ?? throw new AnalysisException("Spark finished the query without sending a schema or any Arrow batch.");
        return new QueryResult(schema, Row.CreateRows(schema, reader.Rows));
    }

    /// <summary>The result schema from <c>AnalyzePlan</c>, folded onto the library's types like results are.</summary>
    public async Task<StructType> SchemaAsync(Relation plan, CancellationToken cancellationToken)
    {
        var compiled = new SparkConnectCompiler(_options.PlanIds, await TargetAsync(cancellationToken).ConfigureAwait(false)).CompileQuery(plan);
        using var views = await LockViewsAsync(compiled, cancellationToken).ConfigureAwait(false);
        await RunSetupAsync(compiled, cancellationToken).ConfigureAwait(false);
        await RecordAsync(PlanKind.Schema, compiled.Main, cancellationToken).ConfigureAwait(false);
        if (_client is null) return new StructType([]);
        var response = await _client.AnalyzeAsync(
            new AnalyzePlanRequest { Schema = new AnalyzePlanRequest.Types.Schema { Plan = compiled.Main } }, cancellationToken).ConfigureAwait(false);
        if (response.ResultCase != AnalyzePlanResponse.ResultOneofCase.Schema)
            throw new AnalysisException($"Spark answered a schema request with {response.ResultCase}.");
        return ProtoTypes.StructFromProto(response.Schema.Schema_);
    }

    /// <summary>Writes through <c>WriteOperation</c> (parquet, csv or delta; Delta needs Delta Lake on the cluster). Spark does not report a row count: returns null.</summary>
    public async Task<long?> WriteAsync(WriteCommand command, CancellationToken cancellationToken)
    {
        var compiled = new SparkConnectCompiler(_options.PlanIds, await TargetAsync(cancellationToken).ConfigureAwait(false)).CompileWrite(command);
        using var views = await LockViewsAsync(compiled, cancellationToken).ConfigureAwait(false);
        await RunSetupAsync(compiled, cancellationToken).ConfigureAwait(false);
        await RunCommandAsync(compiled.Main, "write", cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// Runs one SQL statement for its effect, as a <c>SqlCommand</c>: DDL (<c>CREATE DATABASE</c>, <c>DROP TABLE</c>) or
    /// maintenance whose answer is not needed (<c>OPTIMIZE</c>). Temp views are not visible to it; use
    /// <see cref="SparkSession.Sql"/> for queries and <see cref="Delta.DeltaTable"/> for Delta's history, vacuum and restore,
    /// whose rows it returns.
    /// </summary>
    /// <exception cref="Errors.SparkConnectServerException">Spark rejected the statement.</exception>
    public async Task ExecuteSqlCommandAsync(string sql, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        await TargetAsync(cancellationToken).ConfigureAwait(false);
        var plan = new Proto.Plan { Command = new Command { SqlCommand = new SqlCommand { Sql = sql.Trim().TrimEnd(';') } } };
        await RunCommandAsync(plan, "sql", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The Spark version this session compiles for, learnt once: the server's answer to <c>AnalyzePlan.spark_version</c>
    /// (waiting up to <see cref="SparkConnectOptions.StartupTimeout"/> for a server that is still starting), after which
    /// the session settings our plans rely on are sent (<see cref="SparkTarget.SessionConfig"/>). A dry run uses
    /// <see cref="SparkConnectOptions.SparkVersion"/>.
    /// </summary>
    /// <exception cref="Errors.SparkConnectUnavailableException">The server never answered within the startup timeout.</exception>
    public async Task<SparkTarget> TargetAsync(CancellationToken cancellationToken = default)
    {
        if (_target is { } known) return known;
        if (_client is null) return _target = _options.SparkVersion;
        await _sessionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_target is { } raced) return raced;
            string version;
            try
            {
                version = await _client.SparkVersionAsync(_options.StartupTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (Errors.SparkConnectServerException e) when (e.IsTransient)
            {
                throw new Errors.SparkConnectUnavailableException(_options.Connection.Address.ToString(), _options.StartupTimeout, _options.ServerLogHint, e);
            }
            var target = SparkTarget.Parse(version);
            await _client.SetConfigAsync(target.SessionConfig, cancellationToken).ConfigureAwait(false);
            Log.SessionReady(_logger, version, target);
            return _target = target;
        }
        finally
        {
            _sessionGate.Release();
        }
    }

    /// <summary>The plans an action on <paramref name="plan"/> would send, as readable JSON (nothing is sent; plan ids start at 0).</summary>
    public Task<string> ExplainAsync(Relation plan, CancellationToken cancellationToken) =>
        Task.FromResult(SparkConnectPlans.ToText(SparkConnectPlans.CompileQuery(plan)));

    /// <summary>Holds the view gate for actions that register temp views; a no-op for the others.</summary>
    private async Task<IDisposable?> LockViewsAsync(CompiledPlan compiled, CancellationToken cancellationToken)
    {
        if (compiled.Setup.Count == 0) return null;
        await _viewGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(_viewGate);
    }

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }

    private async Task RunSetupAsync(CompiledPlan compiled, CancellationToken cancellationToken)
    {
        foreach (var command in compiled.Setup)
            await RunCommandAsync(command, "view", cancellationToken).ConfigureAwait(false);
    }

    private async Task RunCommandAsync(Proto.Plan command, string kind, CancellationToken cancellationToken)
    {
        await RecordAsync(PlanKind.Command, command, cancellationToken).ConfigureAwait(false);
        if (_client is null) return;
        await foreach (var _ in _client.ExecuteAsync(command, kind, cancellationToken).ConfigureAwait(false))
        {
            // Commands answer with metrics or a command result; nothing to keep.
        }
    }

    private ValueTask RecordAsync(PlanKind kind, Proto.Plan plan, CancellationToken cancellationToken) =>
        _options.PlanRecorder is { } recorder
            ? recorder.RecordAsync(SparkConnectPlans.Record(Interlocked.Increment(ref _sequence), kind, plan), cancellationToken)
            : ValueTask.CompletedTask;

    /// <summary>Closes the gRPC channel. Server-side temp views live on until the server's session timeout.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_client is not null) await _client.DisposeAsync().ConfigureAwait(false);
        _viewGate.Dispose();
        _sessionGate.Dispose();
    }
}
