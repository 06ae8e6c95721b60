using CovidSpark.Delta.Actions;
using CovidSpark.Delta.Errors;

namespace CovidSpark.Delta.Log;

/// <summary>
/// Action reconciliation (PROTOCOL.md "Action Reconciliation"): the latest protocol and metadata win; an add and a
/// later remove of the same path cancel; a later add of a removed path revives it; the latest txn per appId wins.
/// </summary>
internal sealed class LogReplay(string table)
{
    private readonly Dictionary<string, AddFile> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RemoveFile> _tombstones = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TxnAction> _txns = new(StringComparer.Ordinal);
    private ProtocolAction? _protocol;
    private MetadataAction? _metadata;

    /// <summary>A replay that continues from a snapshot's state (to apply the commits after it).</summary>
    public static LogReplay From(Snapshot snapshot)
    {
        var replay = new LogReplay(snapshot.Location) { _protocol = snapshot.Protocol, _metadata = snapshot.Metadata };
        foreach (var f in snapshot.Files) replay._files[Key(f.Path)] = f;
        foreach (var r in snapshot.Tombstones) replay._tombstones[Key(r.Path)] = r;
        foreach (var (appId, t) in snapshot.Transactions) replay._txns[appId] = t;
        return replay;
    }

    public void Apply(IEnumerable<DeltaAction> actions)
    {
        foreach (var action in actions)
        {
            switch (action)
            {
                case ProtocolAction p: _protocol = p; break;
                case MetadataAction m: _metadata = m; break;
                case TxnAction t: _txns[t.AppId] = t; break;
                case AddFile a:
                    var addKey = Key(a.Path);
                    _files[addKey] = a with { DataChange = false };
                    _tombstones.Remove(addKey);
                    break;
                case RemoveFile r:
                    var removeKey = Key(r.Path);
                    _files.Remove(removeKey);
                    _tombstones[removeKey] = r with { DataChange = false };
                    break;
            }
        }
    }

    /// <summary>Canonical identity of a file: decoded, with <c>file:</c> URIs reduced to their path.</summary>
    private static string Key(string path) => DeltaPaths.Decode(path);

    public Snapshot Build(LogSegment segment)
    {
        var protocol = _protocol ?? throw new DeltaLogCorruptException($"{table}: no protocol action found in the log up to version {segment.Version}");
        var metadata = _metadata ?? throw new DeltaLogCorruptException($"{table}: no metaData action found in the log up to version {segment.Version}");
        ProtocolSupport.CheckReadable(table, protocol, metadata);
        var files = _files.Values.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        foreach (var f in files) ProtocolSupport.CheckFile(table, f);
        return new Snapshot(table, segment.Version, segment.Timestamp, protocol, metadata, files,
            _tombstones.Values.OrderBy(r => r.Path, StringComparer.Ordinal).ToList(), new Dictionary<string, TxnAction>(_txns),
            segment.CheckpointVersion, segment.Commits.Count);
    }
}
