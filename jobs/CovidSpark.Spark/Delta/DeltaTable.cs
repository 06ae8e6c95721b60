using System.Globalization;
using CovidSpark.Spark.Engines;
using CovidSpark.Spark.Errors;
using CovidSpark.Spark.Sql;
using CovidSpark.Spark.Sql.Types;

namespace CovidSpark.Spark.Delta;

/// <summary>
/// A Delta Lake table by path, with the names of Microsoft.Spark.Extensions.Delta's <c>DeltaTable</c>
/// (<c>ForPath</c>, <c>ToDF</c>, <c>History</c>, <c>Vacuum</c>, <c>IsDeltaTable</c>) and Delta's <c>RestoreToVersion</c> /
/// <c>RestoreToTimestamp</c>. Operations that read or change the table are actions, so they are asynchronous here
/// (<c>HistoryAsync</c>, <c>VacuumAsync</c>, …) like every action of this library. The same code runs on both engines:
/// the embedded one works on its own Delta log, Spark runs Delta's SQL commands (<c>DESCRIBE HISTORY</c>, <c>VACUUM</c>,
/// <c>RESTORE</c>). Time travel is a read option: <c>spark.Read().Format("delta").Option("versionAsOf", 3).Load(path)</c>.
/// </summary>
/// <example>
/// <code>
/// var table = DeltaTable.ForPath(spark, "lake/trusted/daily_country");
/// var history = await table.HistoryAsync(5);                 // version, timestamp, operation, operationParameters, …
/// await table.RestoreToVersionAsync(3);                       // one new commit with version 3's files
/// await table.VacuumAsync();                                  // files unused for 7 days and more
/// </code>
/// </example>
public sealed class DeltaTable
{
    /// <summary>Delta's default retention, and the least a vacuum keeps while the retention check is on: 168 hours (7 days).</summary>
    public const double DefaultRetentionHours = 168;

    /// <summary>The Spark setting that turns the retention safety check off (Delta's name; <c>true</c> by default).</summary>
    public const string RetentionDurationCheckSetting = "spark.databricks.delta.retentionDurationCheck.enabled";

    /// <summary>
    /// The columns of <see cref="HistoryAsync(CancellationToken)"/>, as Delta's <c>DESCRIBE HISTORY</c> names them; its map and
    /// struct columns (<c>operationParameters</c>, <c>job</c>, <c>notebook</c>, <c>operationMetrics</c>) are JSON text.
    /// </summary>
    public static StructType HistorySchema { get; } = StructType.FromDdl(
        "version bigint, timestamp timestamp, userId string, userName string, operation string, operationParameters string, " +
        "job string, notebook string, clusterId string, readVersion bigint, isolationLevel string, isBlindAppend boolean, " +
        "operationMetrics string, userMetadata string, engineInfo string");

    /// <summary>The columns of a restore's result, as Delta's <c>RESTORE</c> names them (sizes in bytes).</summary>
    public static StructType RestoreSchema { get; } = StructType.FromDdl(
        "table_size_after_restore bigint, num_of_files_after_restore bigint, num_removed_files bigint, num_restored_files bigint, " +
        "removed_files_size bigint, restored_files_size bigint");

    /// <summary>The column of a vacuum's result, as Delta's <c>VACUUM</c> names it.</summary>
    public static StructType VacuumSchema { get; } = StructType.FromDdl("path string");

    private readonly SparkSession _spark;

    private DeltaTable(SparkSession spark, string path)
    {
        _spark = spark;
        Path = path;
    }

    /// <summary>The table's root folder or URI, as given.</summary>
    public string Path { get; }

    /// <summary>
    /// The Delta table at <paramref name="path"/> (a folder, or an <c>s3://</c> URI on Spark). Nothing is read yet: an
    /// operation on a path that holds no Delta table fails then, naming the path (<see cref="IsDeltaTableAsync"/> asks first).
    /// </summary>
    public static DeltaTable ForPath(SparkSession sparkSession, string path)
    {
        ArgumentNullException.ThrowIfNull(sparkSession);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new DeltaTable(sparkSession, path);
    }

    /// <summary>Whether <paramref name="identifier"/> (a path) is the root of a Delta table: Microsoft.Spark's <c>IsDeltaTable</c>.</summary>
    public static Task<bool> IsDeltaTableAsync(SparkSession sparkSession, string identifier, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sparkSession);
        ArgumentException.ThrowIfNullOrWhiteSpace(identifier);
        return Operations(sparkSession).IsDeltaTableAsync(identifier, cancellationToken);
    }

    /// <summary>The table's latest version as a DataFrame (lazy, like any read).</summary>
    public DataFrame ToDF() => _spark.Read().Format("delta").Load(Path);

    /// <summary>Every commit of the table, newest first, in the columns of <see cref="HistorySchema"/>.</summary>
    public Task<DataFrame> HistoryAsync(CancellationToken cancellationToken = default) => History(null, cancellationToken);

    /// <summary>The latest <paramref name="limit"/> commits, newest first, in the columns of <see cref="HistorySchema"/>.</summary>
    public Task<DataFrame> HistoryAsync(int limit, CancellationToken cancellationToken = default) =>
        limit > 0 ? History(limit, cancellationToken) : throw new ArgumentOutOfRangeException(nameof(limit), limit, "History needs a limit of 1 or more.");

    private async Task<DataFrame> History(int? limit, CancellationToken ct) =>
        ToDataFrame(await Operations(_spark).HistoryAsync(Path, limit, ct).ConfigureAwait(false));

    /// <summary>
    /// Deletes the files no version of the last 7 days uses (replaced by later commits, or left by runs that never
    /// committed). The log is kept; time travel to versions whose files are gone stops working. Returns Delta's answer
    /// (column <c>path</c>).
    /// </summary>
    public Task<DataFrame> VacuumAsync(CancellationToken cancellationToken = default) => Vacuum(null, true, cancellationToken);

    /// <summary>
    /// Deletes the files no version of the last <paramref name="retentionHours"/> uses. Refused below
    /// <see cref="DefaultRetentionHours"/> (a running writer or a reader of a recent version may still need those files),
    /// as Delta does while <see cref="RetentionDurationCheckSetting"/> is on; pass <c>retentionDurationCheckEnabled: false</c>
    /// to do it anyway.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative hours, or fewer than 168 with the check on.</exception>
    public Task<DataFrame> VacuumAsync(double retentionHours, bool retentionDurationCheckEnabled = true, CancellationToken cancellationToken = default) =>
        Vacuum(retentionHours, retentionDurationCheckEnabled, cancellationToken);

    private async Task<DataFrame> Vacuum(double? hours, bool check, CancellationToken ct)
    {
        if (hours is { } h) CheckRetention(h, check);
        return ToDataFrame(await Operations(_spark).VacuumAsync(Path, new DeltaVacuumRequest(hours, check), ct).ConfigureAwait(false));
    }

    /// <summary>
    /// The vacuum safety rule, in one place for the API, the engines and the <c>lake vacuum</c> command: a retention below
    /// <see cref="DefaultRetentionHours"/> is refused unless the check is off. Returns what is wrong, naming the caller's
    /// own <paramref name="option"/> and <paramref name="overrideHint"/>, or null when the retention may be used.
    /// </summary>
    public static string? RetentionProblem(double retentionHours, bool retentionDurationCheckEnabled, string option, string overrideHint)
    {
        var hours = retentionHours.ToString(CultureInfo.InvariantCulture);
        if (double.IsNaN(retentionHours) || retentionHours < 0) return $"{option} {hours} must be 0 hours or more";
        if (retentionDurationCheckEnabled && retentionHours < DefaultRetentionHours)
            return $"{option} {hours} is below the safety window of {DefaultRetentionHours} hours; " +
                $"a concurrent run or a reader of a recent version may still need those files. Add {overrideHint} to do it anyway";
        return null;
    }

    /// <summary>
    /// <see cref="RetentionProblem"/> for the API's parameter names, thrown: what <see cref="VacuumAsync(double, bool, CancellationToken)"/>
    /// and every engine's <see cref="IDeltaOperations.VacuumAsync"/> check before deleting anything.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The retention is negative, or too short with the check on.</exception>
    public static void CheckRetention(double retentionHours, bool retentionDurationCheckEnabled)
    {
        if (RetentionProblem(retentionHours, retentionDurationCheckEnabled, "retentionHours", "retentionDurationCheckEnabled: false") is { } problem)
            throw new ArgumentOutOfRangeException("retentionHours", retentionHours, problem);
    }

    /// <summary>
    /// Makes version <paramref name="version"/> current again with one new commit (operation RESTORE; the history is
    /// kept). Fails naming a file of that version that a vacuum already deleted. Returns Delta's metrics (<see cref="RestoreSchema"/>).
    /// </summary>
    public async Task<DataFrame> RestoreToVersionAsync(long version, CancellationToken cancellationToken = default) =>
        ToDataFrame(await Operations(_spark).RestoreAsync(Path, DeltaRestoreTarget.ToVersion(version), cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Makes the version that was current at <paramref name="timestamp"/> (e.g. <c>2026-12-06 12:00:00</c>, UTC) current
    /// again with one new commit, like <see cref="RestoreToVersionAsync"/>.
    /// </summary>
    public async Task<DataFrame> RestoreToTimestampAsync(string timestamp, CancellationToken cancellationToken = default) =>
        ToDataFrame(await Operations(_spark).RestoreAsync(Path, DeltaRestoreTarget.ToTimestamp(timestamp), cancellationToken).ConfigureAwait(false));

    private DataFrame ToDataFrame(QueryResult result) =>
        _spark.CreateDataFrame(result.Rows.Select(r => r.Values.ToArray()), result.Schema);

    private static IDeltaOperations Operations(SparkSession spark) =>
        spark.Engine as IDeltaOperations
        ?? throw new OperationNotSupportedException(spark.Engine.Name, "Delta table operations (DeltaTable)", "Use the embedded engine or Spark Connect");
}
