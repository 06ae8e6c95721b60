using CovidSpark.Delta.Actions;
using CovidSpark.Delta.Errors;

namespace CovidSpark.Delta.Transactions;

/// <summary>
/// Decides whether a commit that won the race against a transaction really conflicts with it (Delta's
/// WriteSerializable rules, for the operations this library performs): a winner that changed metadata or protocol, applied the
/// same application transaction, added or removed files in a partition the transaction read or replaces, or removed a
/// file the transaction also removes. Anything else — typically writes to other partitions — lets the transaction
/// commit at the next version.
/// </summary>
internal sealed class ConflictChecker(DeltaTransaction txn, string table)
{
    public enum Outcome { NoConflict, AdoptWinnerMetadata }

    public Outcome Check(long version, IReadOnlyList<DeltaAction> winner, MetadataAction ours, ProtocolAction ourProtocol)
    {
        var info = winner.OfType<CommitInfoAction>().FirstOrDefault();
        var who = info?.Describe() ?? "another writer";
        var outcome = Outcome.NoConflict;

        if (winner.OfType<MetadataAction>().LastOrDefault() is { } theirs)
        {
            var bothCreate = txn.ReadSnapshot is null && txn.Metadata is not null;
            if (!theirs.SameShape(ours))
                throw Conflict(DeltaConflictKind.MetadataChanged, version, who,
                    $"it changed the table's schema or partitioning (partition columns [{string.Join(", ", theirs.PartitionColumns)}])");
            if (!bothCreate && txn.Metadata != txn.ReadSnapshot?.Metadata)
                throw Conflict(DeltaConflictKind.MetadataChanged, version, who, "both commits change the table's metadata");
            outcome = Outcome.AdoptWinnerMetadata;
        }
        if (winner.OfType<ProtocolAction>().LastOrDefault() is { } protocol && !protocol.Equivalent(ourProtocol))
            throw Conflict(DeltaConflictKind.MetadataChanged, version, who,
                $"it changed the table protocol to reader {protocol.MinReaderVersion} / writer {protocol.MinWriterVersion}");

        if (txn.AppTransaction is { } app && winner.OfType<TxnAction>().Any(t => t.AppId == app.AppId))
            throw Conflict(DeltaConflictKind.ConcurrentTransaction, version, who,
                $"it committed application transaction '{app.AppId}' first");

        var ourRemoves = txn.Removes.Select(r => DeltaPaths.Decode(r.Path)).ToHashSet(StringComparer.Ordinal);
        if (winner.OfType<AddFile>().FirstOrDefault(a => a.DataChange && Touches(a.PartitionValues)) is { } add)
            throw Conflict(DeltaConflictKind.ConcurrentAppend, version, who,
                $"it wrote files to partition {Describe(add.PartitionValues)}, which this commit also replaces or read");
        foreach (var action in winner)
        {
            switch (action)
            {
                case RemoveFile remove when ourRemoves.Contains(DeltaPaths.Decode(remove.Path)):
                    throw Conflict(DeltaConflictKind.ConcurrentDelete, version, who,
                        $"it removed {remove.Path}, which this commit also removes");
                case RemoveFile remove when remove.DataChange && remove.PartitionValues is { } pv && Touches(pv):
                    throw Conflict(DeltaConflictKind.ConcurrentDelete, version, who,
                        $"it removed files of partition {Describe(pv)}, which this commit also replaces or read");
                case RemoveFile remove when remove.DataChange && remove.PartitionValues is null && (txn.TouchesAll || txn.TouchedPartitions.Count > 0):
                    throw Conflict(DeltaConflictKind.ConcurrentDelete, version, who,
                        $"it removed {remove.Path} without naming its partition, so this commit cannot prove it is unaffected");
            }
        }
        return outcome;
    }

    private bool Touches(IReadOnlyDictionary<string, string?> partitionValues) =>
        txn.TouchesAll || txn.TouchedPartitions.Contains(DeltaTransaction.PartitionKey(partitionValues));

    private static string Describe(IReadOnlyDictionary<string, string?> values) =>
        values.Count == 0 ? "(unpartitioned table)" : string.Join("/", values.Select(kv => $"{kv.Key}={kv.Value ?? "null"}"));

    private DeltaConcurrentModificationException Conflict(DeltaConflictKind kind, long version, string who, string detail) =>
        new(table, kind, version, who, detail);
}
