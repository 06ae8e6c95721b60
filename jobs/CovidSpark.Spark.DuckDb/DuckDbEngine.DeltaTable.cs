using System.Globalization;
using System.Text.Json.Nodes;
using CovidSpark.Delta;
using CovidSpark.Delta.Log;
using CovidSpark.Delta.Operations;
using CovidSpark.Delta.Transactions;
using CovidSpark.Spark.Delta;
using CovidSpark.Spark.Engines;
using CovidSpark.Spark.Errors;
using CovidSpark.Spark.Sql;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Spark.DuckDb;

/// <summary>
/// <see cref="DeltaTable"/> on the embedded engine: history, vacuum and restore are the Delta log's own operations
/// (<see cref="DeltaLog.HistoryAsync"/>, <see cref="DeltaMaintenance"/>, the same code the <c>lake</c> command runs), their
/// answers shaped as Delta's SQL commands return them.
/// </summary>
public sealed partial class DuckDbEngine : IDeltaOperations
{
    /// <inheritdoc/>
    public Task<bool> IsDeltaTableAsync(string path, CancellationToken cancellationToken) =>
        OpenDeltaLog(Path.GetFullPath(path)).ExistsAsync(cancellationToken);

    /// <inheritdoc/>
    public async Task<QueryResult> HistoryAsync(string path, int? limit, CancellationToken cancellationToken)
    {
        var log = await ExistingLogAsync(path, cancellationToken).ConfigureAwait(false);
        var rows = (await log.HistoryAsync(limit, cancellationToken).ConfigureAwait(false)).Select(HistoryRow);
        return new QueryResult(DeltaTable.HistorySchema, Row.CreateRows(DeltaTable.HistorySchema, rows));
    }

    /// <summary>One history entry in Delta's <c>DESCRIBE HISTORY</c> columns; maps and structs as compact JSON.</summary>
    private static object?[] HistoryRow(HistoryEntry entry)
    {
        var info = entry.CommitInfo?.Fields;
        string? Text(string key) => info?[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        string? Json(string key) => info?[key] is JsonObject o ? o.ToJsonString() : null;
        // Delta's operationParameters and operationMetrics are string maps: a writer that wrote a number or an object
        // there reads back as its JSON text.
        string? StringMap(string key) => info?[key] is JsonObject o
            ? new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)(kv.Value is JsonValue v && v.TryGetValue<string>(out var s)
                ? JsonValue.Create(s) : kv.Value is null ? null : JsonValue.Create(kv.Value.ToJsonString()))))).ToJsonString()
            : null;
        long? readVersion = info?["readVersion"] is JsonValue r && r.TryGetValue<long>(out var rv) ? rv : null;
        bool? blindAppend = info?["isBlindAppend"] is JsonValue b && b.TryGetValue<bool>(out var ba) ? ba : null;
        return
        [
            entry.Version, DateTime.SpecifyKind(entry.Timestamp.UtcDateTime, DateTimeKind.Unspecified), Text("userId"), Text("userName"),
            Text("operation"), StringMap("operationParameters"), Json("job"), Json("notebook"), Text("clusterId"), readVersion,
            Text("isolationLevel"), blindAppend, StringMap("operationMetrics"), Text("userMetadata"), Text("engineInfo"),
        ];
    }

    /// <inheritdoc/>
    public async Task<QueryResult> VacuumAsync(string path, DeltaVacuumRequest request, CancellationToken cancellationToken)
    {
        var hours = request.RetentionHours ?? DeltaTable.DefaultRetentionHours;
        DeltaTable.CheckRetention(hours, request.RetentionDurationCheckEnabled);
        var log = await ExistingLogAsync(path, cancellationToken).ConfigureAwait(false);
        var result = await DeltaMaintenance.VacuumAsync(log, TimeSpan.FromHours(hours), dryRun: false, cancellationToken).ConfigureAwait(false);
        LogVacuum(_logger, log.Location, result.Files.Count, result.Bytes);
        return new QueryResult(DeltaTable.VacuumSchema, Row.CreateRows(DeltaTable.VacuumSchema, [[log.Location]]));
    }

    /// <inheritdoc/>
    public async Task<QueryResult> RestoreAsync(string path, DeltaRestoreTarget target, CancellationToken cancellationToken)
    {
        var log = await ExistingLogAsync(path, cancellationToken).ConfigureAwait(false);
        var before = await log.GetSnapshotAsync(ct: cancellationToken).ConfigureAwait(false);
        var version = target.Version
            ?? (await log.GetSnapshotAsOfAsync(ParseTimestamp(target.Timestamp!, "timestamp"), cancellationToken).ConfigureAwait(false)).Version;
        var commit = await DeltaMaintenance.RestoreAsync(log, version,
            new CommitOptions("RESTORE") { EngineInfo = $"CovidSpark duckdb/{_connection.ServerVersion}" }, cancellationToken).ConfigureAwait(false);
        var after = await log.GetSnapshotAsync(commit.Version, cancellationToken).ConfigureAwait(false);
        var beforePaths = before.Files.Select(Snapshot.RelativePath).ToHashSet(StringComparer.Ordinal);
        var afterPaths = after.Files.Select(Snapshot.RelativePath).ToHashSet(StringComparer.Ordinal);
        var removed = before.Files.Where(f => !afterPaths.Contains(Snapshot.RelativePath(f))).ToList();
        var restored = after.Files.Where(f => !beforePaths.Contains(Snapshot.RelativePath(f))).ToList();
        LogRestore(_logger, log.Location, version, commit.Version);
        object?[] metrics = [after.Files.Sum(f => f.Size), (long)after.Files.Count, (long)removed.Count, (long)restored.Count,
            removed.Sum(f => f.Size), restored.Sum(f => f.Size)];
        return new QueryResult(DeltaTable.RestoreSchema, Row.CreateRows(DeltaTable.RestoreSchema, [metrics]));
    }

    private async Task<DeltaLog> ExistingLogAsync(string path, CancellationToken ct)
    {
        var root = Path.GetFullPath(path);
        var log = OpenDeltaLog(root);
        return await log.ExistsAsync(ct).ConfigureAwait(false) ? log : throw new AnalysisException($"Path {root} is not a Delta table (no _delta_log)");
    }

    /// <summary>A time-travel timestamp (<c>timestampAsOf</c>, <c>RestoreToTimestamp</c>): ISO-like text, UTC unless it names an offset.</summary>
    private static DateTimeOffset ParseTimestamp(string text, string option) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var ts)
            ? ts
            : throw new AnalysisException($"Option {option} must be a timestamp such as 2020-11-30 12:00:00, got '{text}'");

    [LoggerMessage(EventId = 1040, Level = LogLevel.Information, Message = "Vacuumed Delta table {Table}: {Files} files, {Bytes} bytes deleted")]
    private static partial void LogVacuum(ILogger logger, string table, int files, long bytes);

    [LoggerMessage(EventId = 1041, Level = LogLevel.Information, Message = "Restored Delta table {Table} to version {Version} as version {NewVersion}")]
    private static partial void LogRestore(ILogger logger, string table, long version, long newVersion);
}
