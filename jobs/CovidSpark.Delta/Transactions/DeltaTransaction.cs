using System.Text.Json.Nodes;
using CovidSpark.Delta.Actions;
using CovidSpark.Delta.Errors;
using CovidSpark.Delta.Log;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Delta.Transactions;

/// <summary>
/// An optimistic transaction: actions staged against the snapshot it read, committed as one put-if-absent of the next
/// commit file. A lost race is resolved by <see cref="ConflictChecker"/>: when the winners touched nothing this
/// transaction read or replaces, it commits at the next free version; otherwise it fails naming the winner.
/// </summary>
public sealed partial class DeltaTransaction
{
    private readonly DeltaLog _log;
    private readonly ILogger _logger;
    private readonly List<AddFile> _adds = [];
    private readonly List<RemoveFile> _removes = [];
    private readonly HashSet<string> _touchedPartitions = new(StringComparer.Ordinal);
    private bool _touchesAll;
    private MetadataAction? _newMetadata;
    private ProtocolAction? _newProtocol;
    private TxnAction? _appTxn;
    private bool _committed;

    internal DeltaTransaction(DeltaLog log, Snapshot? readSnapshot, ILogger logger)
    {
        _log = log;
        _logger = logger;
        ReadSnapshot = readSnapshot;
    }

    /// <summary>The snapshot this transaction read (null when it creates the table).</summary>
    public Snapshot? ReadSnapshot { get; }
    public long ReadVersion => ReadSnapshot?.Version ?? -1;
    public IReadOnlyList<AddFile> Adds => _adds;
    public IReadOnlyList<RemoveFile> Removes => _removes;

    /// <summary>The metadata the commit will leave: the new one if set, else the snapshot's.</summary>
    public MetadataAction? Metadata => _newMetadata ?? ReadSnapshot?.Metadata;

    /// <summary>Sets (creates or replaces) the table metadata. Changing schema or partitioning conflicts with every concurrent writer.</summary>
    public void SetMetadata(MetadataAction metadata) => _newMetadata = metadata;

    /// <summary>Sets the protocol (needed with the metadata when the table is created).</summary>
    public void SetProtocol(ProtocolAction protocol) => _newProtocol = protocol;

    /// <summary>Adds a data file. Its partition counts as touched: a concurrent add to it conflicts unless this is a blind append.</summary>
    public void Add(AddFile file) => _adds.Add(file);

    /// <summary>Records that this transaction read (and so depends on) the given partition.</summary>
    public void ReadPartition(IReadOnlyDictionary<string, string?> partitionValues) => _touchedPartitions.Add(PartitionKey(partitionValues));

    /// <summary>Records that this transaction read the whole table (any concurrent data change conflicts).</summary>
    public void ReadWholeTable() => _touchesAll = true;

    /// <summary>Removes a live file of the read snapshot (a logical delete: the file stays until vacuum).</summary>
    public void Remove(AddFile file)
    {
        var now = _log.Time.GetUtcNow().ToUnixTimeMilliseconds();
        _removes.Add(new RemoveFile(file.Path, now, DataChange: true, ExtendedFileMetadata: true, file.PartitionValues, file.Size));
        ReadPartition(file.PartitionValues);
    }

    /// <summary>
    /// Dynamic partition overwrite / replaceWhere: removes every live file of the given partitions and marks them
    /// read, so a concurrent writer of the same partitions conflicts while writers of other partitions do not.
    /// </summary>
    public void ReplacePartitions(IEnumerable<IReadOnlyDictionary<string, string?>> partitions)
    {
        var keys = partitions.Select(PartitionKey).ToHashSet(StringComparer.Ordinal);
        foreach (var key in keys) _touchedPartitions.Add(key);
        foreach (var file in ReadSnapshot?.Files ?? [])
            if (keys.Contains(PartitionKey(file.PartitionValues))) Remove(file);
    }

    /// <summary>Overwrite: removes every live file and depends on the whole table.</summary>
    public void ReplaceAll()
    {
        foreach (var file in ReadSnapshot?.Files ?? []) Remove(file);
        _touchesAll = true;
    }

    /// <summary>
    /// Makes the commit idempotent: it records <c>txn(appId, version)</c>, and is skipped when the table already holds
    /// that version or a later one for <paramref name="appId"/>; a concurrent commit of the same appId conflicts.
    /// </summary>
    public void SetAppTransaction(string appId, long version) =>
        _appTxn = new TxnAction(appId, version, _log.Time.GetUtcNow().ToUnixTimeMilliseconds());

    internal bool TouchesAll => _touchesAll;
    internal IReadOnlySet<string> TouchedPartitions => _touchedPartitions;
    internal TxnAction? AppTransaction => _appTxn;
    internal bool IsBlindAppend => _removes.Count == 0 && !_touchesAll && _touchedPartitions.Count == 0 && _newMetadata is null;

    /// <summary>A stable key of a partition's values (sorted column=value, null distinct from the string "null").</summary>
    internal static string PartitionKey(IReadOnlyDictionary<string, string?> values) =>
        string.Join('\u0001', values.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value is null ? $"{kv.Key}\u0002" : $"{kv.Key}={kv.Value}"));

    /// <summary>
    /// Commits the staged actions as the next version. Retries at later versions while concurrent commits do not
    /// conflict; throws <see cref="DeltaConcurrentModificationException"/> when one does. Writes a checkpoint (and
    /// <c>_last_checkpoint</c>) when the new version is a multiple of the table's checkpoint interval.
    /// </summary>
    public async Task<CommitResult> CommitAsync(CommitOptions options, CancellationToken ct = default)
    {
        if (_committed) throw new InvalidOperationException("This transaction has already been committed");
        var table = _log.Location;
        var metadata = Metadata ?? throw new DeltaWriteException($"{table}: a new table needs its metadata (schema, partition columns) before the first commit");
        var protocol = _newProtocol ?? ReadSnapshot?.Protocol ?? ProtocolAction.Default;
        ProtocolSupport.CheckWritable(table, protocol, metadata);
        if (_removes.Count > 0 && ReadSnapshot is not null && ProtocolSupport.IsAppendOnly(ReadSnapshot.Metadata))
            throw new DeltaWriteException($"{table} is append-only (delta.appendOnly=true): this commit would remove {_removes.Count} file(s)");
        CheckPartitionValues(table, metadata);

        if (_appTxn is not null && ReadSnapshot?.TransactionVersion(_appTxn.AppId) is { } applied && applied >= _appTxn.Version)
        {
            _committed = true;
            Log.AppTransactionSkipped(_logger, table, _appTxn.AppId, _appTxn.Version, applied);
            return new CommitResult(ReadVersion, 0, Skipped: true, CheckpointWritten: false);
        }

        var checker = new ConflictChecker(this, table);
        var createTable = ReadSnapshot is null;
        var attemptVersion = ReadVersion + 1;
        var checkedUpTo = ReadVersion;
        for (var attempt = 1; ; attempt++)
        {
            ct.ThrowIfCancellationRequested();
            var actions = BuildActions(options, attemptVersion, createTable, metadata, protocol);
            var content = ActionJson.WriteCommit(actions);
            if (await _log.Store.PutIfAbsentAsync(LogFileNames.Commit(attemptVersion), content, ct).ConfigureAwait(false))
            {
                _committed = true;
                Log.Committed(_logger, table, attemptVersion, options.Operation, _adds.Count, _removes.Count, attempt);
                var checkpointed = await CheckpointIfDueAsync(attemptVersion, metadata.CheckpointInterval, ct).ConfigureAwait(false);
                return new CommitResult(attemptVersion, attempt, Skipped: false, checkpointed);
            }
            if (attempt > options.MaxRetries)
                throw new DeltaConcurrentModificationException(table, DeltaConflictKind.TooManyRetries, attemptVersion, "other writers",
                    $"{attempt} commits in a row lost the race; try again");

            // Lost the race: check every version committed since the last check, then try the next free one.
            var latest = attemptVersion;
            while (await _log.Store.ReadAsync(LogFileNames.Commit(latest + 1), ct).ConfigureAwait(false) is not null) latest++;
            for (var v = checkedUpTo + 1; v <= latest; v++)
            {
                var winner = await _log.ReadCommitAsync(v, ct).ConfigureAwait(false);
                if (checker.Check(v, winner, metadata, protocol) == ConflictChecker.Outcome.AdoptWinnerMetadata)
                {
                    // Both created the table with the same schema and partitioning: commit data only, on top of theirs.
                    createTable = false;
                    metadata = winner.OfType<MetadataAction>().Last();
                    protocol = winner.OfType<ProtocolAction>().LastOrDefault() ?? protocol;
                    _newMetadata = null;
                }
            }
            Log.Retrying(_logger, table, attemptVersion, latest + 1);
            checkedUpTo = latest;
            attemptVersion = latest + 1;
        }
    }

    private void CheckPartitionValues(string table, MetadataAction metadata)
    {
        foreach (var add in _adds)
        {
            var keys = add.PartitionValues.Keys.Order(StringComparer.Ordinal);
            if (!keys.SequenceEqual(metadata.PartitionColumns.Order(StringComparer.Ordinal), StringComparer.Ordinal))
                throw new DeltaWriteException(
                    $"{table}: file {add.Path} has partition values for [{string.Join(", ", add.PartitionValues.Keys)}] but the table is partitioned by [{string.Join(", ", metadata.PartitionColumns)}]");
        }
    }

    private List<DeltaAction> BuildActions(CommitOptions options, long version, bool createTable, MetadataAction metadata, ProtocolAction protocol)
    {
        var actions = new List<DeltaAction> { CommitInfo(options) };
        if (createTable || _newProtocol is not null) actions.Add(protocol);
        if (createTable || _newMetadata is not null) actions.Add(metadata);
        if (_appTxn is not null) actions.Add(_appTxn);
        // A file written again with the same content keeps its name (content-addressed): re-adding it replaces its entry,
        // and a version may not both remove and add one path, so its remove is dropped.
        var added = _adds.Select(a => DeltaPaths.Decode(a.Path)).ToHashSet(StringComparer.Ordinal);
        actions.AddRange(_removes.Where(r => !added.Contains(DeltaPaths.Decode(r.Path))));
        actions.AddRange(_adds);
        return actions;
    }

    private CommitInfoAction CommitInfo(CommitOptions options)
    {
        var info = new JsonObject
        {
            ["timestamp"] = _log.Time.GetUtcNow().ToUnixTimeMilliseconds(),
            ["operation"] = options.Operation,
            ["operationParameters"] = ToJson(options.OperationParameters),
        };
        if (ReadVersion >= 0) info["readVersion"] = ReadVersion;
        info["isolationLevel"] = "WriteSerializable";
        info["isBlindAppend"] = IsBlindAppend;
        var metrics = new Dictionary<string, string>(options.OperationMetrics)
        {
            ["numFiles"] = _adds.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["numRemovedFiles"] = _removes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["numOutputBytes"] = _adds.Sum(a => a.Size).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (_adds.All(a => a.NumRecords is not null))
            metrics.TryAdd("numOutputRows", _adds.Sum(a => a.NumRecords!.Value).ToString(System.Globalization.CultureInfo.InvariantCulture));
        info["operationMetrics"] = ToJson(metrics);
        if (options.Tags.Count > 0) info["tags"] = ToJson(options.Tags);
        if (options.UserMetadata is { } userMetadata) info["userMetadata"] = userMetadata;
        info["engineInfo"] = options.EngineInfo;
        info["txnId"] = Guid.NewGuid().ToString();
        return new CommitInfoAction(info);
    }

    private static JsonObject ToJson(IReadOnlyDictionary<string, string> map)
    {
        var o = new JsonObject();
        foreach (var (k, v) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal)) o[k] = v;
        return o;
    }

    private async Task<bool> CheckpointIfDueAsync(long version, int interval, CancellationToken ct)
    {
        if (version == 0 || version % interval != 0) return false;
        try
        {
            var snapshot = await _log.GetSnapshotAsync(version, ct).ConfigureAwait(false);
            await CheckpointWriter.WriteAsync(_log, snapshot, ct).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is IOException or DeltaException or UnauthorizedAccessException)
        {
            // The commit stands; a missing checkpoint only makes the next reads replay more commits.
            Log.CheckpointFailed(_logger, _log.Location, version, e.Message);
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1111, Level = LogLevel.Debug,
            Message = "Delta table {Table}: committed version {Version} ({Operation}, {Adds} add, {Removes} remove, attempt {Attempt})")]
        public static partial void Committed(ILogger logger, string table, long version, string operation, int adds, int removes, int attempt);

        [LoggerMessage(EventId = 1112, Level = LogLevel.Information,
            Message = "Delta table {Table}: version {Lost} was taken by another writer without a conflict; committing as version {Next}")]
        public static partial void Retrying(ILogger logger, string table, long lost, long next);

        [LoggerMessage(EventId = 1113, Level = LogLevel.Information,
            Message = "Delta table {Table}: transaction {AppId} version {Version} was already applied (table holds version {Applied}); nothing committed")]
        public static partial void AppTransactionSkipped(ILogger logger, string table, string appId, long version, long applied);

        [LoggerMessage(EventId = 1114, Level = LogLevel.Warning,
            Message = "Delta table {Table}: could not write the checkpoint of version {Version}: {Error}")]
        public static partial void CheckpointFailed(ILogger logger, string table, long version, string error);
    }
}
