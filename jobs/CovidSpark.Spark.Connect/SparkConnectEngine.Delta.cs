using CovidSpark.Spark.Connect.Compiler;
using CovidSpark.Spark.Connect.Errors;
using CovidSpark.Spark.Delta;
using CovidSpark.Spark.Engines;
using CovidSpark.Spark.Sql;

namespace CovidSpark.Spark.Connect;

/// <summary>
/// <see cref="DeltaTable"/> on Spark: Delta Lake's SQL commands on <c>delta.`path`</c> (<see cref="DeltaCommandPlans"/>),
/// which need Delta on the cluster (EMR: the <c>delta-defaults</c> classification). Time travel needs nothing here: the
/// <c>versionAsOf</c> / <c>timestampAsOf</c> read options travel in the <c>Read</c> relation's options.
/// </summary>
public sealed partial class SparkConnectEngine : IDeltaOperations
{
    /// <summary>Error classes Delta answers <c>DESCRIBE DETAIL</c> with for a path that is no Delta table.</summary>
    private static readonly HashSet<string> NotATable =
        ["DELTA_MISSING_DELTA_TABLE", "DELTA_TABLE_NOT_FOUND", "DELTA_PATH_DOES_NOT_EXIST", "PATH_NOT_FOUND", "DELTA_NOT_A_DELTA_TABLE"];

    /// <inheritdoc/>
    public async Task<bool> IsDeltaTableAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var result = await RunDeltaAsync(ids => DeltaCommandPlans.Detail(path, ids), cancellationToken).ConfigureAwait(false);
            return result.Rows.Count > 0 && string.Equals(result.Rows[0][0] as string, "delta", StringComparison.OrdinalIgnoreCase);
        }
        catch (SparkConnectServerException e) when (e.ErrorClass is { } c && NotATable.Contains(c))
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public Task<QueryResult> HistoryAsync(string path, int? limit, CancellationToken cancellationToken) =>
        RunDeltaAsync(ids => DeltaCommandPlans.History(path, limit, ids), cancellationToken);

    /// <summary>
    /// <c>VACUUM … RETAIN n HOURS</c>. With the retention check off, Spark's own check is turned off for the command
    /// (<see cref="DeltaTable.RetentionDurationCheckSetting"/> = false) and back on after it.
    /// </summary>
    public async Task<QueryResult> VacuumAsync(string path, DeltaVacuumRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.RetentionHours is { } hours)
            DeltaTable.CheckRetention(hours, request.RetentionDurationCheckEnabled);
        var plan = (PlanIdGenerator ids) => DeltaCommandPlans.Command(DeltaCommandPlans.VacuumSql(path, request.RetentionHours), ids);
        if (request.RetentionDurationCheckEnabled || _client is null) return await RunDeltaAsync(plan, cancellationToken).ConfigureAwait(false);
        await _client.SetConfigAsync([KeyValuePair.Create(DeltaTable.RetentionDurationCheckSetting, "false")], cancellationToken).ConfigureAwait(false);
        try
        {
            return await RunDeltaAsync(plan, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await _client.SetConfigAsync([KeyValuePair.Create(DeltaTable.RetentionDurationCheckSetting, "true")], CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public Task<QueryResult> RestoreAsync(string path, DeltaRestoreTarget target, CancellationToken cancellationToken) =>
        RunDeltaAsync(ids => DeltaCommandPlans.Command(DeltaCommandPlans.RestoreSql(path, target), ids), cancellationToken);

    private async Task<QueryResult> RunDeltaAsync(Func<PlanIdGenerator, Proto.Plan> build, CancellationToken cancellationToken)
    {
        await TargetAsync(cancellationToken).ConfigureAwait(false);
        return await RunQueryAsync(build(_options.PlanIds), cancellationToken).ConfigureAwait(false);
    }
}
