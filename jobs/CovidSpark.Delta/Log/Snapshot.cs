using CovidSpark.Delta.Actions;

namespace CovidSpark.Delta.Log;

/// <summary>
/// The state of a table at one version, reconstructed from the log: its protocol, metadata, live data files,
/// unexpired tombstones and application transactions. Immutable; readers take a snapshot and read exactly its files.
/// </summary>
public sealed class Snapshot
{
    internal Snapshot(string location, long version, DateTimeOffset timestamp, ProtocolAction protocol, MetadataAction metadata,
        IReadOnlyList<AddFile> files, IReadOnlyList<RemoveFile> tombstones, IReadOnlyDictionary<string, TxnAction> transactions,
        long? checkpointVersion, int commitsReplayed)
    {
        Location = location;
        Version = version;
        Timestamp = timestamp;
        Protocol = protocol;
        Metadata = metadata;
        Files = files;
        Tombstones = tombstones;
        Transactions = transactions;
        CheckpointVersion = checkpointVersion;
        CommitsReplayed = commitsReplayed;
    }

    /// <summary>The table root, for messages.</summary>
    public string Location { get; }
    public long Version { get; }
    /// <summary>When the version was committed (the commit file's modification time, made monotonic as the protocol says).</summary>
    public DateTimeOffset Timestamp { get; }
    public ProtocolAction Protocol { get; }
    public MetadataAction Metadata { get; }
    /// <summary>The live data files, ordered by path.</summary>
    public IReadOnlyList<AddFile> Files { get; }
    /// <summary>Removed files the log still remembers (vacuum deletes them once older than the retention).</summary>
    public IReadOnlyList<RemoveFile> Tombstones { get; }
    /// <summary>The latest <c>txn</c> version per application id.</summary>
    public IReadOnlyDictionary<string, TxnAction> Transactions { get; }
    /// <summary>The checkpoint the replay started from, if any.</summary>
    public long? CheckpointVersion { get; }
    /// <summary>How many JSON commits were replayed after the checkpoint (bounded by the checkpoint interval).</summary>
    public int CommitsReplayed { get; }

    public IReadOnlyList<string> PartitionColumns => Metadata.PartitionColumns;

    /// <summary>The last version of an application's transaction stream, or null when it never committed.</summary>
    public long? TransactionVersion(string appId) => Transactions.TryGetValue(appId, out var t) ? t.Version : null;

    /// <summary>A file's path relative to the table root (decoded), or its absolute path.</summary>
    public static string RelativePath(AddFile file) => DeltaPaths.Decode(file.Path);

    /// <summary>The total of the files' record counts (null when a file has no stats).</summary>
    public long? NumRecords
    {
        get
        {
            long total = 0;
            foreach (var f in Files)
            {
                if (f.NumRecords is not { } n) return null;
                total += n;
            }
            return total;
        }
    }
}
