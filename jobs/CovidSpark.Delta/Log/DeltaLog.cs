using CovidSpark.Delta.Actions;
using CovidSpark.Delta.Errors;
using CovidSpark.Delta.Storage;
using CovidSpark.Delta.Transactions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CovidSpark.Delta.Log;

/// <summary>One commit of a table's history.</summary>
/// <param name="Timestamp">The commit's timestamp (file modification time, monotonic).</param>
/// <param name="CommitInfo">Its <c>commitInfo</c>, when the writer wrote one.</param>
public sealed record HistoryEntry(long Version, DateTimeOffset Timestamp, CommitInfoAction? CommitInfo, IReadOnlyList<DeltaAction> Actions);

/// <summary>
/// The transaction log of one Delta table: snapshots (latest, by version, by timestamp), history, checkpoints and
/// optimistic transactions. Stateless apart from its store: every call reads the log afresh.
/// </summary>
public sealed partial class DeltaLog
{
    private readonly ILogger _logger;
    private readonly SnapshotCache? _cache;

    /// <param name="cache">Snapshots already built by this session, reused while the log files are unchanged (none: every call replays).</param>
    public DeltaLog(IDeltaStore store, TimeProvider time, ILogger? logger = null, SnapshotCache? cache = null)
    {
        Store = store;
        Time = time;
        _logger = logger ?? NullLogger.Instance;
        _cache = cache;
    }

    /// <summary>A log over a local folder.</summary>
    public static DeltaLog ForPath(string tableRoot, TimeProvider? time = null, ILogger? logger = null, SnapshotCache? cache = null) =>
        new(new LocalDeltaStore(tableRoot), time ?? TimeProvider.System, logger, cache);

    public IDeltaStore Store { get; }
    public TimeProvider Time { get; }
    public string Location => Store.Location;

    /// <summary>Whether the folder holds a Delta table (any commit or checkpoint in <c>_delta_log</c>).</summary>
    public async Task<bool> ExistsAsync(CancellationToken ct = default) =>
        (await ListLogAsync(null, ct).ConfigureAwait(false)).Count > 0;

    /// <summary>The latest snapshot, or null when the path holds no Delta table yet.</summary>
    public async Task<Snapshot?> TryGetSnapshotAsync(CancellationToken ct = default)
    {
        var (files, _) = await ListFromHintAsync(null, ct).ConfigureAwait(false);
        if (files.Count == 0) return null;
        return await BuildAsync(LogSegment.Build(Location, files, null), ct).ConfigureAwait(false);
    }

    /// <summary>The snapshot at <paramref name="version"/> (latest when null).</summary>
    public async Task<Snapshot> GetSnapshotAsync(long? version = null, CancellationToken ct = default)
    {
        var (files, _) = await ListFromHintAsync(version, ct).ConfigureAwait(false);
        return await BuildAsync(LogSegment.Build(Location, files, version), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The snapshot of the latest version committed at or before <paramref name="timestamp"/> (Spark's
    /// <c>timestampAsOf</c>); an error when the time is before the first or after the last commit.
    /// </summary>
    public async Task<Snapshot> GetSnapshotAsOfAsync(DateTimeOffset timestamp, CancellationToken ct = default)
    {
        var commits = await CommitTimestampsAsync(ct).ConfigureAwait(false);
        if (commits.Count == 0) throw new DeltaTableNotFoundException($"{Location} is not a Delta table: no commit in _delta_log");
        if (timestamp < commits[0].Timestamp)
            throw new DeltaTimeTravelException(
                $"{Location}: {timestamp:yyyy-MM-dd HH:mm:ss}Z is before the earliest available version {commits[0].Version} ({commits[0].Timestamp:yyyy-MM-dd HH:mm:ss}Z)");
        if (timestamp > commits[^1].Timestamp)
            throw new DeltaTimeTravelException(
                $"{Location}: {timestamp:yyyy-MM-dd HH:mm:ss}Z is after the latest version {commits[^1].Version} ({commits[^1].Timestamp:yyyy-MM-dd HH:mm:ss}Z); read the latest version instead");
        var version = commits.Last(c => c.Timestamp <= timestamp).Version;
        return await GetSnapshotAsync(version, ct).ConfigureAwait(false);
    }

    /// <summary>Every available commit, newest first (at most <paramref name="limit"/>).</summary>
    public async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(int? limit = null, CancellationToken ct = default)
    {
        var commits = await CommitTimestampsAsync(ct).ConfigureAwait(false);
        var result = new List<HistoryEntry>();
        foreach (var (version, ts) in commits.AsEnumerable().Reverse().Take(limit ?? int.MaxValue))
        {
            var actions = await ReadCommitAsync(version, ct).ConfigureAwait(false);
            result.Add(new HistoryEntry(version, ts, actions.OfType<CommitInfoAction>().FirstOrDefault(), actions));
        }
        return result;
    }

    /// <summary>The actions of one commit file; an error when it does not exist.</summary>
    public async Task<IReadOnlyList<DeltaAction>> ReadCommitAsync(long version, CancellationToken ct = default)
    {
        var path = LogFileNames.Commit(version);
        var bytes = await Store.ReadAsync(path, ct).ConfigureAwait(false)
            ?? throw new DeltaTimeTravelException($"{Location}: commit {path} does not exist");
        return ActionJson.ParseCommit(bytes, $"{Location}/{path}");
    }

    /// <summary>Starts an optimistic transaction on <paramref name="readSnapshot"/> (null for a table to be created).</summary>
    public DeltaTransaction StartTransaction(Snapshot? readSnapshot) => new(this, readSnapshot, _logger);

    private async Task<List<(long Version, DateTimeOffset Timestamp)>> CommitTimestampsAsync(CancellationToken ct)
    {
        var files = await ListLogAsync(null, ct).ConfigureAwait(false);
        var result = new List<(long, DateTimeOffset)>();
        var previous = DateTimeOffset.MinValue;
        foreach (var commit in files.Where(f => f.Kind == LogFileKind.Commit).OrderBy(f => f.Version))
        {
            // monotonic: a commit never precedes the one before it (clock skew between writers)
            var ts = commit.LastModified <= previous ? previous.AddMilliseconds(1) : commit.LastModified;
            result.Add((commit.Version, ts));
            previous = ts;
        }
        return result;
    }

    private async Task<Snapshot> BuildAsync(LogSegment segment, CancellationToken ct)
    {
        var (cached, reuse) = _cache?.Find(Location, segment) ?? (null, SnapshotCache.Reuse.None);
        if (reuse == SnapshotCache.Reuse.Whole) return cached!;
        LogReplay replay;
        if (reuse == SnapshotCache.Reuse.Prefix)
            replay = LogReplay.From(cached!);
        else
        {
            replay = new LogReplay(Location);
            if (segment.Checkpoint.Count > 0)
                replay.Apply(await CheckpointReader.ReadAsync(Store, segment.Checkpoint, ct).ConfigureAwait(false));
        }
        foreach (var commit in segment.Commits.Where(c => cached is null || c.Version > cached.Version))
            replay.Apply(await ReadCommitAsync(commit.Version, ct).ConfigureAwait(false));
        var snapshot = replay.Build(segment);
        _cache?.Store(Location, segment, snapshot);
        return snapshot;
    }

    /// <summary>
    /// Lists the log from the <c>_last_checkpoint</c> hint when it helps (the newest state, or a version after the
    /// hinted checkpoint), so reading the latest version costs the same however long the history is. A hint that is
    /// unreadable or names a checkpoint that is not there falls back to the whole listing.
    /// </summary>
    private async Task<(IReadOnlyList<LogFile> Files, bool FromHint)> ListFromHintAsync(long? target, CancellationToken ct)
    {
        var hint = LastCheckpoint.TryParse(await Store.ReadAsync(LogFileNames.LastCheckpoint, ct).ConfigureAwait(false));
        if (hint is not null && (target is null || target >= hint.Version))
        {
            var fromHint = await ListLogAsync(hint.Version, ct).ConfigureAwait(false);
            if (fromHint.Any(f => f.Version == hint.Version && f.Kind != LogFileKind.Commit))
                return (fromHint, true);
            Log.HintIgnored(_logger, Location, hint.Version);
        }
        return (await ListLogAsync(null, ct).ConfigureAwait(false), false);
    }

    internal async Task<IReadOnlyList<LogFile>> ListLogAsync(long? fromVersion, CancellationToken ct)
    {
        var startAfter = fromVersion is > 0 ? LogFileNames.VersionPrefix(fromVersion.Value - 1) + "~" : null;
        var entries = await Store.ListAsync(LogFileNames.LogDirectory, startAfter, recursive: false, ct).ConfigureAwait(false);
        var files = new List<LogFile>(entries.Count);
        foreach (var e in entries)
        {
            var name = e.Path[(e.Path.LastIndexOf('/') + 1)..];
            if (LogFileNames.Parse(name, e.Size, e.LastModified) is { } f) files.Add(f);
        }
        return files;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, Level = LogLevel.Warning,
            Message = "Delta table {Table}: _last_checkpoint names version {Version}, which has no checkpoint; listing the whole log")]
        public static partial void HintIgnored(ILogger logger, string table, long version);
    }
}
